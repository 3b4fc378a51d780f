#!/usr/bin/env python3
"""Builds crates/analysis/data/jmdict-subset.tsv and jmdict-reverse.tsv from JMdict.

    pip install jamdict-data          # JMdict as a SQLite file (xz), no code needed
    python3 scripts/make_jmdict_subset.py [JAMDICT_DB] [JIEBA_DICT]

Why: without lindera, Japanese Han text goes through jieba after its kanji are
folded to Simplified Chinese (職務 -> 职务). Words jieba knows as Chinese come out
whole, but Japanese words it lacks fall apart into single characters (予算 ->
予 / 算, 面接 -> 面 / 接, 進捗 -> 进 / 捗), and a single character never reaches
another language. And CC-CEDICT only knows the Chinese sense of a shared word
(担当 "assume", 公式 "formula"; in Japanese "in charge of", "official").

Keeps JMdict's common words (a kanji form with a news1/ichi1/spec1/news2/ichi2/
spec2 priority tag), and rarer words that jieba's dictionary holds whole (実装),
whose kanji form is 2-4 Han characters, or 2-4 Han
characters followed by okurigana (見積もり: the Han part 見積 is the token the
analyzer sees). Headwords are folded the way the analyzer folds text
(Traditional and shinjitai -> Simplified, from the shipped tables). Glosses: up
to four, taken in turn from the first three senses (the first gloss of each
sense, then the second...), with parentheticals and a leading "to"/"being"
removed, at most two words and at least three letters each.

Outputs, sorted bytewise:
* jmdict-subset.tsv: `folded <TAB> kanji as written <TAB> gloss|gloss <TAB> new
  <TAB> chinese|chinese`, where `new` is 1 when jieba's dictionary lacks the
  folded word (the analyzer adds those to jieba so the word stays whole) and 0
  otherwise, and the last column holds, for a word the CC-CEDICT subset lacks,
  at most two common Chinese words (jieba frequency >= 100) whose first or
  second CC-CEDICT gloss is one of its glosses and that share a character with it (予算 ->
  预算, 面接 -> 面试), most characters shared first: its Chinese twins.
* jmdict-reverse.tsv: `english <TAB> folded|folded`, single-word glosses only,
  the most common and most primary words first, at most four; only words that
  the CC-CEDICT subset lacks (Japanese spellings: 予算, 面接), as CC-CEDICT's
  own reverse index leads to the words both languages write alike. The same
  file maps each Chinese twin back to its Japanese words (预算 -> 予算).

JMdict is the property of the Electronic Dictionary Research and Development
Group and is used under its licence (CC BY-SA 4.0): see crates/analysis/data/NOTICE.
"""
import collections
import lzma
import os
import re
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_cedict_subset import jieba_freqs  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "crates", "analysis", "data")
PRIORITY = {"news1": 1, "ichi1": 1, "spec1": 1, "news2": 2, "ichi2": 2, "spec2": 2}
HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,4}")
HIRAGANA = re.compile(r"^[\u3041-\u309f]+$")
RARE = 3
MAX_GLOSSES = 4
MAX_TWINS = 2
MIN_TWIN_FREQ = 100
SENSES = 3
LEADING = re.compile(r"^(to|being|a|an|the) ", re.I)


def find_db(arg):
    if arg:
        return arg
    try:
        import jamdict_data  # noqa: F401

        here = os.path.dirname(jamdict_data.__file__)
        if os.path.exists(os.path.join(here, "jamdict.db")):  # unpacked in place
            return os.path.join(here, "jamdict.db")
        path = os.path.join(here, "jamdict.db.xz")
    except ImportError:
        sys.exit("jamdict-data is not installed: pip install jamdict-data, or pass the path of jamdict.db")
    out = os.path.join(tempfile.gettempdir(), "jamdict.db")
    if not os.path.exists(out):
        with lzma.open(path) as src, open(out + ".part", "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.rename(out + ".part", out)
    return out


def fold_table():
    table = {}
    for name in ("traditional.tsv", "shinjitai.tsv"):
        with open(os.path.join(DATA, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                a, b = line.rstrip("\n").split("\t")[:2]
                table.setdefault(a, b)
    return table


def jieba_words(path):
    """jieba-rs's dictionary, word -> frequency (make_cedict_subset.py reads it the same way)."""
    freqs = jieba_freqs(path)
    if not freqs:
        sys.exit("jieba-rs's dict.txt not found in ~/.cargo/registry: build the workspace first, or pass its path")
    return freqs


def clean(gloss):
    g = re.sub(r"\([^)]*\)", " ", gloss)
    g = re.sub(r"\s+", " ", g).strip().strip(",;").strip()
    g = LEADING.sub("", g)
    g = LEADING.sub("", g)
    if not g or len(g.split()) > 2 or len(g) < 3 or not re.match(r"^[A-Za-z][A-Za-z' -]*$", g):
        return None
    return g.lower()


def main():
    db = sqlite3.connect(find_db(sys.argv[1] if len(sys.argv) > 1 else None))
    fold = fold_table()
    jieba = jieba_words(sys.argv[2] if len(sys.argv) > 2 else None)
    # Kanji forms with their best priority.
    forms = {}
    for idseq, text in db.execute("select idseq, text from Kanji"):
        forms[(idseq, text)] = RARE
    for idseq, text, tag in db.execute(
        "select k.idseq, k.text, p.text from Kanji k join KJP p on p.kid = k.ID"
    ):
        if tag in PRIORITY:
            forms[(idseq, text)] = min(forms[(idseq, text)], PRIORITY[tag])
    senses = collections.defaultdict(list)
    for idseq, sid in db.execute("select idseq, ID from Sense order by ID"):
        senses[idseq].append(sid)
    glosses = collections.defaultdict(list)
    for sid, text in db.execute("select sid, text from SenseGloss where lang = 'eng' or lang is null order by rowid"):
        glosses[sid].append(text)

    entries = {}  # folded -> (rank, kanji, glosses)
    for (idseq, kanji), rank in sorted(forms.items(), key=lambda kv: (kv[1], kv[0][0])):
        m = HAN.match(kanji)
        if not m or (m.end() < len(kanji) and not HIRAGANA.match(kanji[m.end():])):
            continue
        whole = m.end() == len(kanji)
        folded = "".join(fold.get(c, c) for c in m.group(0))
        # A rare word is kept only where jieba already has it whole: it
        # changes no segmentation, and it gives the Japanese sense.
        if rank == RARE and folded not in jieba:
            continue
        per_sense = [[g for g in map(clean, glosses[s]) if g] for s in senses[idseq][:SENSES]]
        out = []
        for i in range(max((len(p) for p in per_sense), default=0)):
            for p in per_sense:
                if i < len(p) and p[i] not in out:
                    out.append(p[i])
        out = out[:MAX_GLOSSES]
        if not out:
            continue
        # A whole-word form wins over the Han part of an okurigana form, and
        # the more common word over the rarer one with the same folding.
        key = (0 if whole else 1, rank)
        if folded not in entries or key < entries[folded][0]:
            entries[folded] = (key, kanji, out)

    # A Japanese spelling Chinese does not write (予算, 面接, 進捗) meets the
    # Chinese word for the same thing through English: a Chinese word that
    # CC-CEDICT glosses with one of its glosses and that shares a character
    # with it (予算 -> budget -> 预算; 面接 -> interview -> 面试), the gloss
    # gloss out (budget is not also 经费 here). The most characters shared
    # first, then the most common in jieba's dictionary (面试 before 面晤).
    first_glosses, english_to_chinese = {}, {}
    with open(os.path.join(DATA, "cedict-subset.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                cells = line.rstrip("\n").split("\t")
                first_glosses[cells[0]] = cells[2].split("|")[:2]
    chinese = set(first_glosses)
    with open(os.path.join(DATA, "cedict-reverse.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                en, words = line.rstrip("\n").split("\t")[:2]
                english_to_chinese[en] = words.split("|")
    twins = {}
    for folded, (_, _, out) in entries.items():
        if folded in chinese:
            continue
        found = set()
        for g in out:
            for zh in english_to_chinese.get(g, []):
                if (
                    zh != folded
                    and set(zh) & set(folded)
                    and any(g in out for g in first_glosses.get(zh, []))
                    and jieba.get(zh, 0) >= MIN_TWIN_FREQ
                ):
                    found.add(zh)
        # Most characters shared, then the most common Chinese word.
        ranked = sorted(found, key=lambda zh: (-len(set(zh) & set(folded)), -jieba[zh], zh))
        if ranked:
            twins[folded] = ranked[:MAX_TWINS]

    with open(os.path.join(DATA, "jmdict-subset.tsv"), "w", encoding="utf-8") as f:
        f.write("# Subset of JMdict (EDRDG, CC BY-SA 4.0, https://www.edrdg.org/wiki/index.php/JMdict-EDICT_Dictionary_Project);\n")
        f.write("# generated by scripts/make_jmdict_subset.py. folded<TAB>kanji<TAB>glosses<TAB>new to jieba\n")
        for folded in sorted(entries, key=lambda s: s.encode()):
            _, kanji, out = entries[folded]
            new = 0 if folded in jieba else 1
            f.write(f"{folded}\t{kanji if kanji != folded else ''}\t{'|'.join(out)}\t{new}\t{'|'.join(twins.get(folded, []))}\n")

    # English -> Japanese only reaches words Chinese does not write the same
    # way: CC-CEDICT's reverse index already leads to those (実施 is 实施),
    # and JMdict's Japanese sense of them would add Chinese noise.
    reverse = collections.defaultdict(list)
    for folded, (key, _, out) in entries.items():
        if folded in chinese:
            continue
        for i, g in enumerate(out):
            if " " not in g:
                reverse[g].append((key[1], i, key[0], folded))
    for folded, found in twins.items():
        for i, zh in enumerate(found):
            reverse[zh].append((entries[folded][0][1], i, entries[folded][0][0], folded))
    with open(os.path.join(DATA, "jmdict-reverse.tsv"), "w", encoding="utf-8") as f:
        f.write("# Reverse index of jmdict-subset.tsv (JMdict, CC BY-SA 4.0): english<TAB>folded|folded\n")
        for en in sorted(reverse, key=lambda s: s.encode()):
            words = list(dict.fromkeys(w for *_, w in sorted(reverse[en])))[:4]
            f.write(f"{en}\t{'|'.join(words)}\n")
    new = sum(1 for w in entries if w not in jieba)
    print(f"{len(entries)} words ({new} new to jieba), {len(reverse)} English words", file=sys.stderr)


if __name__ == "__main__":
    main()
