#!/usr/bin/env python3
"""Builds crates/analysis/data/loanwords.tsv (and loanwords-reverse.tsv): the
katakana loanwords of UniDic with the English words they come from.

    apt-get download unidic-mecab            # Debian's UniDic 3.1.1 (BSD-3/LGPL/GPL)
    dpkg-deb --fsys-tarfile unidic-mecab_*.deb | tar -x ./usr/share/mecab/dic/unidic/lex_3_1.csv
    cargo build --release -p rolesearch-analysis --example analyze_words
    python3 scripts/make_loanwords.py usr/share/mecab/dic/unidic/lex_3_1.csv

Why: Japanese writes most of the vocabulary of software roles in katakana
(マージ, コミット, リポジトリ, コントリビューター), and a sentence encoder embedding
such a word alone places it badly (its nearest English term for マージ is
"dim"), while most of these words are too new for IPADIC. UniDic's lemma
column records the origin of each foreign word ("マージ-merge"): a dictionary
fact, not a guess, for 33,000 words.

Kept: UniDic entries whose word type is 外 (foreign), whose part of speech is
a common noun, adjectival noun or interjection, whose surface is katakana (two
characters or more) and whose origin is lower-case Latin (English words:
German nouns and proper names are capitalised). Each surface and each origin
word is keyed by rolesearch's own analyzer (examples/analyze_words), so the
table maps index terms to index terms: `katakana <TAB> stem|stem`, and the
reverse `stem <TAB> katakana|katakana` for single-word origins, the most
common first (UniDic's word cost). Both sorted
bytewise. The data keeps UniDic's licence: see crates/analysis/data/NOTICE.

Second source, JMdict (EDRDG, CC BY-SA 4.0, via `pip install jamdict-data`;
pass `--no-jmdict` to leave it out): katakana words UniDic lacks, many of
them the newest (ワークフロー, メンタリング, リトライ, ベンチマーク). JMdict gives a
meaning, not an origin, so a gloss counts as the origin only when it sounds
like the word: a katakana-only entry's first sense, English by origin (no
other source language, not wasei-eigo, not onomatopoeia), a noun or
adjectival noun, and a one-word gloss whose consonants match the
katakana's (`sounds_alike`: エスカレーション ~ escalation, not コンセント ~
outlet). Such words follow UniDic's in each list.
"""
import collections
import difflib
import os
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_jmdict_subset import clean, find_db  # noqa: E402  (JMdict's reader and gloss cleaning, shared)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc\u30fd\u30fe]{2,}")
ORIGIN = re.compile(r"[a-z][a-z' \-]*[a-z]")
POS = {("名詞", "普通名詞"), ("形状詞", "一般"), ("感動詞", "一般")}
MAX_REVERSE = 6


def analyse(lines):
    exe = os.path.join(ROOT, "target", "release", "examples", "analyze_words")
    if not os.path.exists(exe):
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "rolesearch-analysis", "--example", "analyze_words"],
                       cwd=ROOT, check=True)
    out = subprocess.run([exe], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True).stdout
    result = [line.split("\t", 1)[1].split() if "\t" in line else [] for line in out.rstrip("\n").split("\n")]
    assert len(result) == len(lines), (len(result), len(lines))
    return result


# Romanised katakana, by the consonant a Latin spelling of it would write.
KANA_ROWS = {
    "": "アイウエオァィゥェォ", "k": "カキクケコ", "g": "ガギグゲゴ", "s": "サシスセソ", "z": "ザジズゼゾ",
    "t": "タチツテト", "d": "ダヂヅデド", "n": "ナニヌネノン", "h": "ハヒヘホ", "f": "フ", "b": "バビブベボ",
    "p": "パピプペポ", "m": "マミムメモ", "y": "ヤユヨャュョ", "r": "ラリルレロ", "w": "ワヲ", "v": "ヴ",
}
KANA_CONSONANT = {k: c for c, row in KANA_ROWS.items() for k in row}
# Sounds that Latin spelling and katakana write differently, folded alike.
LATIN_FOLD = [("ph", "f"), ("th", "s"), ("sh", "s"), ("ch", "t"), ("ck", "k"), ("qu", "k"), ("x", "ks"),
              ("c", "k"), ("q", "k"), ("l", "r"), ("j", "z"), ("y", ""), ("w", "")]
KANA_FOLD = {"f": "h", "v": "b", "d": "t", "g": "k", "z": "s", "p": "b", "y": "", "w": ""}


def kana_skeleton(word):
    """The consonants of a katakana word, folded (ワークフロー -> rkhr after folding)."""
    out = ""
    for ch in word:
        c = KANA_CONSONANT.get(ch, "")
        out += KANA_FOLD.get(c, c)
    return out


def latin_skeleton(word):
    w = re.sub(r"[^a-z]", "", word.lower())
    # Katakana writes "-tion" as ション, a soft g as ジ, a soft c as ス, and an r that no
    # vowel follows not at all (work -> ワーク).
    w = w.replace("tion", "son")
    w = re.sub(r"g(?=[eiy])", "j", w)
    w = re.sub(r"c(?=[eiy])", "s", w)
    w = re.sub(r"r(?![aeiouy])", "", w)
    for a, b in LATIN_FOLD:
        w = w.replace(a, b)
    w = re.sub(r"[aeiouh]", "", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    return "".join(KANA_FOLD.get(c, c) for c in w)


def sounds_alike(kana, gloss):
    """Whether an English gloss is plausibly the word a katakana word was
    borrowed from: their folded consonants mostly agree and start alike."""
    a, b = kana_skeleton(kana), latin_skeleton(gloss)
    if not a or not b or a[0] != b[0]:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.7


def jmdict_loanwords(have):
    """katakana -> [gloss] for JMdict's English loanwords that `have` lacks."""
    db = sqlite3.connect(find_db(None))
    rows = db.execute(
        """select k.text, s.ID from Kana k join Sense s on s.idseq = k.idseq
           where not exists (select 1 from Kanji j where j.idseq = k.idseq)
             and s.ID = (select min(ID) from Sense t where t.idseq = k.idseq)
             and not exists (select 1 from SenseSource x where x.sid = s.ID and (x.lang != 'eng' or x.wasei = 'y'))
             and not exists (select 1 from misc m where m.sid = s.ID and m.text like 'onomatopoeic%')
             and exists (select 1 from pos p where p.sid = s.ID and (p.text like 'noun (common)%'
                         or p.text like 'adjectival nouns%' or p.text like 'noun or participle%'))
           order by k.text, s.ID""").fetchall()
    out = collections.defaultdict(list)
    for kana, sid in rows:
        if not KATAKANA.fullmatch(kana) or kana in have:
            continue
        for (gloss,) in db.execute("select text from SenseGloss where sid = ? and (lang = 'eng' or lang is null)"
                                   " order by rowid", (sid,)):
            # An acronym spelled out letter by letter (アイディーイーエー, IDEA)
            # is not the word its letters spell.
            if re.match(r"[A-Z]{2,}\b", gloss):
                continue
            g = clean(gloss)
            # One word: a katakana word the table knows stays whole in the
            # analyzer (see `katakana_parts` in mixed.rs), and a compound
            # (アイコンボタン, icon button) is better found by its parts.
            if g and re.fullmatch(r"[a-z]{3,}", g) and sounds_alike(kana, g) and g not in out[kana]:
                out[kana].append(g)
    return {k: v for k, v in out.items() if v}


def main():
    args = [a for a in sys.argv[1:] if a != "--no-jmdict"]
    if not args:
        sys.exit(__doc__)
    lex = args[0]
    out_dir = args[1] if len(args) > 1 else os.path.join(ROOT, "crates", "analysis", "data")
    origins = collections.defaultdict(list)
    cost = {}  # a surface's lowest word cost: UniDic's measure of how common it is
    with open(lex, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split(",")
            if len(c) < 17 or c[16] != "外" or (c[4], c[5]) not in POS:
                continue
            surface, lemma = c[0], c[11]
            if not KATAKANA.fullmatch(surface) or "-" not in lemma:
                continue
            origin = lemma.split("-", 1)[1]
            cost[surface] = min(cost.get(surface, 1 << 30), int(c[3]))
            if ORIGIN.fullmatch(origin) and origin not in origins[surface]:
                origins[surface].append(origin)
    if "--no-jmdict" not in sys.argv:
        extra = jmdict_loanwords(set(origins))
        # After every UniDic word: JMdict has no word cost.
        last = max(cost.values(), default=0) + 1
        for kana, glosses in extra.items():
            origins[kana] = glosses
            cost[kana] = last
        print(f"{len(extra)} katakana words from JMdict", file=sys.stderr)
    surfaces = sorted(origins)
    words = sorted({o for s in surfaces for o in origins[s]})
    print(f"{len(surfaces)} katakana surfaces, {len(words)} origins", file=sys.stderr)
    kana_terms = analyse(surfaces)
    stems = dict(zip(words, analyse(words)))

    forward = collections.defaultdict(list)
    reverse = collections.defaultdict(list)
    kana_cost = {}
    for surface, toks in zip(surfaces, kana_terms):
        if not toks or not KATAKANA.fullmatch(toks[0]):
            continue
        key = toks[0]
        kana_cost[key] = min(kana_cost.get(key, 1 << 30), cost[surface])
        for origin in origins[surface]:
            st = stems.get(origin, [])
            for s in st:
                if s not in forward[key]:
                    forward[key].append(s)
            if len(st) == 1 and key not in reverse[st[0]]:
                reverse[st[0]].append(key)
    header = ("# Katakana loanwords of UniDic 3.1.1 (BSD-3-Clause, The UniDic Consortium) and, after them,\n"
              "# of JMdict (CC BY-SA 4.0, EDRDG) with the English words they come from, as index terms;\n"
              "# see NOTICE. Generated by scripts/make_loanwords.py.\n")
    if "--no-jmdict" in sys.argv:
        header = ("# Katakana loanwords of UniDic 3.1.1 (BSD-3-Clause, The UniDic Consortium; see NOTICE) with the\n"
                  "# English words they come from, as index terms; generated by scripts/make_loanwords.py.\n")
    with open(os.path.join(out_dir, "loanwords.tsv"), "w", encoding="utf-8") as f:
        f.write(header + "# katakana<TAB>english|english\n")
        for k in sorted(forward, key=lambda s: s.encode("utf-8")):
            if forward[k]:
                f.write(f"{k}\t{'|'.join(forward[k])}\n")
    with open(os.path.join(out_dir, "loanwords-reverse.tsv"), "w", encoding="utf-8") as f:
        f.write(header + "# english<TAB>katakana|katakana (most common first, by UniDic's word cost)\n")
        for k in sorted(reverse, key=lambda s: s.encode("utf-8")):
            kana = sorted(reverse[k], key=lambda s: (kana_cost[s], s))[:MAX_REVERSE]
            f.write(f"{k}\t{'|'.join(kana)}\n")
    print(f"wrote {len(forward)} katakana terms and {len(reverse)} English terms", file=sys.stderr)


if __name__ == "__main__":
    main()
