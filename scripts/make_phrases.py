#!/usr/bin/env python3
"""Builds crates/analysis/data/phrases.tsv and phrases-cjk.tsv: words that mean
an English expression of several words, from CC-CEDICT and JMdict.

    cargo build --release -p rolesearch-analysis --example analyze_words
    pip install jamdict-data
    python3 scripts/make_phrases.py [CEDICT] [JAMDICT_DB]

Why: the word-level dictionary tables keep single-word glosses only, so an
expression never reached its translation as a whole, and its words reached the
wrong ones: "code of conduct" searched 代码 (program code) and 进行 (to conduct),
never 行为准则 or 行動規範; 行動規範 searched "action", "about" (from "move
about") and "standard". A dictionary lists such expressions as glosses of one
word (行为准则 "code of conduct", 开源 "open source", 确保 "make sure").

Glosses: the first three of an entry (CC-CEDICT) or the first two glosses of its
first three senses (JMdict), with parentheticals, a leading "to"
and cross-references removed, of 2-4 words. Each gloss is analysed by
rolesearch's own analyzer (examples/analyze_words), so it is keyed by the terms
the index holds ("code of conduct" -> `code conduct`); glosses of fewer than
two terms once stop words are gone are dropped (they are single words to the
index, which the word tables cover), and so are glosses of more than three
(they describe rather than name).

Headwords: CC-CEDICT's simplified form of 2-4 Han characters that jieba's
dictionary holds, or whose two halves it holds (行为准则 = 行为 + 准则); JMdict's
kanji forms of 2-6 Han characters, as written, common words (a priority tag)
ranked before the rest (rare ones of 3 or more characters only).

Outputs, sorted bytewise:
* phrases.tsv: `terms <TAB> word|word`: up to three Chinese words (the most
  primary meaning, then the most common) and two Japanese ones.
* phrases-cjk.tsv: `folded word <TAB> terms|terms`: up to two expressions per
  word, CC-CEDICT's before JMdict's.

Both keep CC-CEDICT's and JMdict's licence, CC BY-SA 4.0: see crates/analysis/data/NOTICE.
"""
import collections
import os
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_cedict_subset import SKIP, jieba_freqs  # noqa: E402
from make_jmdict_subset import PRIORITY, find_db, fold_table  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "crates", "analysis", "data")
HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
WORDS = re.compile(r"^[a-z][a-z' -]*[a-z]$")
MAX_ZH = 3
MAX_JA = 2
MAX_EN = 2
RARE = 3


def clean(gloss):
    g = re.sub(r"\([^)]*\)", " ", gloss)
    g = re.sub(r"\s+", " ", g).strip().strip(",;.").strip().lower()
    g = re.sub(r"^(to|being) ", "", g)
    if not g or SKIP.match(g) or g.startswith(("lit.", "fig.", "see ")) or not WORDS.match(g):
        return None
    return g if 2 <= len(g.split()) <= 4 else None


def cedict(path, jieba):
    """(simplified, [glosses]) of entries whose headword is a word or two."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$", line)
            if line.startswith("#") or not m:
                continue
            simp = m.group(2)
            if not (2 <= len(simp) <= 4 and HAN.match(simp)):
                continue
            if simp not in jieba and not (len(simp) == 4 and simp[:2] in jieba and simp[2:] in jieba):
                continue
            glosses = [(i, g) for i, g in enumerate(map(clean, m.group(3).split("/")[:3])) if g]
            if glosses:
                out.append((simp, glosses))
    return out


def jmdict(db_path):
    """(kanji as written, [(rank, gloss)]): a common word's glosses rank first."""
    db = sqlite3.connect(db_path)
    forms = {}
    for idseq, text in db.execute("select idseq, text from Kanji"):
        if 2 <= len(text) <= 6 and HAN.match(text):
            forms[(idseq, text)] = RARE
    for idseq, text, tag in db.execute("select k.idseq, k.text, p.text from Kanji k join KJP p on p.kid = k.ID"):
        if tag in PRIORITY and (idseq, text) in forms:
            forms[(idseq, text)] = 0
    # A rare word of two characters is mostly an old spelling (念為 "make sure").
    forms = {k: v for k, v in forms.items() if v == 0 or len(k[1]) >= 3}
    senses = collections.defaultdict(list)
    for idseq, sid in db.execute("select idseq, ID from Sense order by ID"):
        senses[idseq].append(sid)
    first = collections.defaultdict(list)
    for sid, text in db.execute("select sid, text from SenseGloss where lang = 'eng' or lang is null order by rowid"):
        if len(first[sid]) < 2:
            first[sid].append(text)
    out = []
    for (idseq, kanji), base in sorted(forms.items()):
        glosses = [(base + i, clean(g)) for i, s in enumerate(senses[idseq][:3]) for g in first[s]]
        glosses = [(rank, g) for rank, g in glosses if g]
        if glosses:
            out.append((kanji, glosses))
    return out


def analyse(lines):
    exe = os.path.join(ROOT, "target", "release", "examples", "analyze_words")
    if not os.path.exists(exe):
        sys.exit("build the analyzer first: cargo build --release -p rolesearch-analysis --example analyze_words")
    res = subprocess.run([exe], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
    terms = {}
    for line in res.stdout.splitlines():
        text, _, toks = line.partition("\t")
        terms[text] = toks.split()
    return terms


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "lexicon", "cedict_ts.u8")
    jieba = jieba_freqs(None)
    fold = fold_table()
    zh = cedict(src, jieba)
    ja = jmdict(find_db(sys.argv[2] if len(sys.argv) > 2 else None))
    glosses = sorted({g for _, gs in zh + ja for _, g in gs})
    terms = analyse(glosses)

    def key(g):
        t = terms.get(g, [])
        # Two or three distinct terms, each an English word (longer glosses
        # describe rather than name: "expand one's financial resources").
        if not 2 <= len(t) <= 3 or len(set(t)) != len(t) or not all(x.isascii() for x in t):
            return None
        return " ".join(t)

    to_cjk = collections.defaultdict(list)  # key -> [(lang, rank, -freq, word)]
    to_en = collections.defaultdict(list)  # folded word -> [keys]
    for simp, gs in zh:
        for rank, g in gs:
            k = key(g)
            if k:
                to_cjk[k].append((0, rank, -jieba.get(simp, 0), simp))
                if k not in to_en[simp]:
                    to_en[simp].append(k)
    for kanji, gs in ja:
        folded = "".join(fold.get(c, c) for c in kanji)
        for rank, g in gs:
            k = key(g)
            if k:
                to_cjk[k].append((1, rank, 0, kanji))
                if k not in to_en[folded] and len(to_en[folded]) < MAX_EN + 1:
                    to_en[folded].append(k)

    with open(os.path.join(DATA, "phrases.tsv"), "w", encoding="utf-8") as f:
        f.write("# English expressions -> Chinese and Japanese words, from CC-CEDICT and JMdict glosses "
                "(CC BY-SA 4.0; scripts/make_phrases.py): terms<TAB>word|word\n")
        for k in sorted(to_cjk, key=lambda s: s.encode()):
            rows = sorted(set(to_cjk[k]))
            words = [w for lang, _, _, w in rows if lang == 0][:MAX_ZH]
            words += [w for lang, _, _, w in rows if lang == 1 and w not in words][:MAX_JA]
            f.write(f"{k}\t{'|'.join(words)}\n")
    with open(os.path.join(DATA, "phrases-cjk.tsv"), "w", encoding="utf-8") as f:
        f.write("# Chinese and Japanese words (folded) -> English expressions, from CC-CEDICT and JMdict glosses "
                "(CC BY-SA 4.0; scripts/make_phrases.py): word<TAB>terms|terms\n")
        for w in sorted(to_en, key=lambda s: s.encode()):
            f.write(f"{w}\t{'|'.join(to_en[w][:MAX_EN])}\n")
    print(f"{len(to_cjk)} expressions, {len(to_en)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
