#!/usr/bin/env python3
"""Builds statement-level cross-language sets from real parallel documents.

    python3 scripts/make_parallel_sets.py [--pairs ../shared/benchmark/openharmony-sig-pairs] [--out target/parallel-sets]

Source: the OpenHarmony SIG charters (Apache-2.0), each published in English
(`sig_X.md`) and Chinese (`sig_X_cn.md`) by the project's own translators.
Statements come from rolesearch's own ingestion (`rolesearch show --json`), so
every system scores the same units. A charter pair is aligned statement to
statement by a monotonic alignment (Gale & Church style dynamic programming:
one-to-one, skip either side) scored only by what needs no translation
model, so that it favours no system: relative length (the pair's own
English/Chinese character ratio), Latin words and numbers both sides write
(API, ArkTS, SIG, 2), and the section kind. Only confident one-to-one links
are kept. Statements that several charters repeat verbatim (boilerplate) are
not queries.

The charters are split by a hash of their name into `dev` (2/3) and
`heldout` (1/3). Tune on dev only; report held-out.

Per split, under OUT/<split>/:
  docs/             the charters of the split, both languages
  statements.jsonl  {"id", "role_id", "lang", "text"} for every statement
  pairs.tsv         en_statement_id <TAB> zh_statement_id (the alignment)
  queries-{en2zh,zh2en}.tsv   qid <TAB> statement <TAB> lang <TAB> text
  qrels-{en2zh,zh2en}.trec    qid 0 twin_statement_id 1
"""
import argparse
import collections
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fold(text):
    """Text without case, spaces or punctuation: what makes two copies one."""
    return re.sub(r"[\W_]+", "", text.lower())


def split_of(name):
    return "heldout" if int(hashlib.sha256(name.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def show(cli, index, role):
    out = subprocess.run([cli, "show", role, "--json", "--index", index], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return json.loads(out.stdout)


# How much better a link must score than its rivals (see `align`).
MARGIN = 0.1

LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_\-\.]*|[0-9]+")


def align(sa, sb):
    """One-to-one links between two statement lists in reading order."""
    if not sa or not sb:
        return []
    ratio = sum(len(x["text"]) for x in sa) / max(1, sum(len(y["text"]) for y in sb))

    def sim(x, y):
        la, lb = len(x["text"]), len(y["text"]) * ratio
        length = math.exp(-2.0 * abs(math.log((la + 5) / (lb + 5))))
        ta = {w.lower() for w in LATIN.findall(x["text"])}
        tb = {w.lower() for w in LATIN.findall(y["text"])}
        # Latin words the Chinese side writes (names, acronyms, numbers) are
        # written in the English too; most English words have no such twin.
        anchors = len(ta & tb) / len(tb) if tb else 0.5
        section = 1.0 if x["section"] == y["section"] else 0.0
        return 0.45 * length + 0.35 * anchors + 0.2 * section

    n, m = len(sa), len(sb)
    skip = 0.45
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i > 0 and j > 0:
                options.append((best[i - 1][j - 1] + sim(sa[i - 1], sb[j - 1]), "d"))
            if i > 0:
                options.append((best[i - 1][j] + skip * 0.5, "a"))
            if j > 0:
                options.append((best[i][j - 1] + skip * 0.5, "b"))
            best[i][j], move[i][j] = max(options)
    def confident(i, j):
        # A link is kept when it scores well and clearly better than linking
        # either statement to the other's neighbours: in a list of items of
        # like length that one side splits differently, the path can drift
        # by one, and such links pair the wrong items.
        s = sim(sa[i], sb[j])
        rivals = [sim(sa[i], sb[k]) for k in (j - 1, j + 1) if 0 <= k < m]
        rivals += [sim(sa[k], sb[j]) for k in (i - 1, i + 1) if 0 <= k < n]
        return s >= 0.7 and all(s - r >= MARGIN for r in rivals)

    links = []
    i, j = n, m
    while i > 0 or j > 0:
        mv = move[i][j]
        if mv == "d":
            if confident(i - 1, j - 1):
                links.append((sa[i - 1]["id"], sb[j - 1]["id"]))
            i, j = i - 1, j - 1
        elif mv == "a":
            i -= 1
        else:
            j -= 1
    return links[::-1]


def build(d, items, cli, directions):
    """Indexes the documents of `items` [(name, {lang: path})] under `d` and
    writes the statements, the alignment of each document with its
    translations, and one query file per direction ("en2zh", "ja2en", ...)."""
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "docs"))
    for _, paths in items:
        for path in paths.values():
            shutil.copy(path, os.path.join(d, "docs", os.path.basename(path)))
    index = os.path.join(d, "index")
    subprocess.run([cli, "index", os.path.join(d, "docs"), "--index", index], check=True, stdout=subprocess.DEVNULL)
    statements, pairs = [], collections.defaultdict(list)
    for _, paths in items:
        docs = {}
        for lang, path in paths.items():
            doc = show(cli, index, os.path.splitext(os.path.basename(path))[0])
            if doc is None:
                continue
            docs[lang] = doc
            for s in doc["statements"]:
                statements.append({"id": s["id"], "role_id": s["role_id"], "lang": doc["role"]["lang"],
                                   "text": s["text"]})
        for direction in directions:
            a, b = direction.split("2")
            if a < b and a in docs and b in docs:
                pairs[(a, b)] += align(docs[a]["statements"], docs[b]["statements"])
    text_of = {s["id"]: s["text"] for s in statements}
    # Boilerplate that charters repeat with other case or spacing
    # ("Meeting link: WeLink", "Meeting Link: Welink") counts as repeated:
    # any copy is as good an answer as the aligned one.
    repeats = collections.Counter(fold(s["text"]) for s in statements)
    with open(os.path.join(d, "statements.jsonl"), "w", encoding="utf-8") as f:
        for s in statements:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    with open(os.path.join(d, "pairs.tsv"), "w", encoding="utf-8") as f:
        for links in pairs.values():
            for x, y in links:
                f.write(f"{x}\t{y}\n")
    for direction in directions:
        a, b = direction.split("2")
        links = pairs.get((a, b)) or [(y, x) for x, y in pairs.get((b, a), [])]
        qf = open(os.path.join(d, f"queries-{direction}.tsv"), "w", encoding="utf-8")
        rf = open(os.path.join(d, f"qrels-{direction}.trec"), "w", encoding="utf-8")
        n = 0
        for x, y in links:
            src, dst = x, y
            text = " ".join(text_of[src].split())
            if repeats[fold(text_of[src])] > 1 or repeats[fold(text_of[dst])] > 1 or len(text) < 12:
                continue
            n += 1
            qid = f"{direction}-{n:04d}"
            qf.write(f"{qid}\tstatement\t{a}\t{text}\n")
            rf.write(f"{qid} 0 {dst} 1\n")
        qf.close()
        rf.close()
        print(f"{os.path.basename(d)} {direction}: {n} queries", file=sys.stderr)
    print(f"{os.path.basename(d)}: {len(items)} documents, {len(statements)} statements, "
          f"{sum(len(v) for v in pairs.values())} aligned pairs", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", default=os.path.join(ROOT, "..", "shared", "benchmark", "openharmony-sig-pairs"))
    ap.add_argument("--trilingual", default=os.path.join(ROOT, "benches", "parallel", "kubernetes-sig-docs"),
                    help="documents X.md, X_zh.md, X_ja.md (all held out: a set no rule was tuned on)")
    ap.add_argument("--review", default=os.path.join(ROOT, "benches", "parallel", "kubernetes-review"),
                    help="a second such folder, added in session 23 and never tuned on (set k8s-review)")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "parallel-sets"))
    ap.add_argument("--cli", default=os.path.join(ROOT, "target", "release", "rolesearch"))
    args = ap.parse_args()

    sigs = sorted(d for d in os.listdir(args.pairs) if os.path.isdir(os.path.join(args.pairs, d)))
    by_split = collections.defaultdict(list)
    for sig in sigs:
        en = os.path.join(args.pairs, sig, sig + ".md")
        zh = os.path.join(args.pairs, sig, sig + "_cn.md")
        if os.path.exists(en) and os.path.exists(zh):
            by_split[split_of(sig)].append((sig, {"en": en, "zh": zh}))
    for split, items in sorted(by_split.items()):
        build(os.path.join(args.out, split), items, args.cli, ("en2zh", "zh2en"))

    for folder, name in ((args.trilingual, "k8s"), (args.review, "k8s-review")):
        if not os.path.isdir(folder):
            continue
        items = []
        for f in sorted(os.listdir(folder)):
            stem, ext = os.path.splitext(f)
            if ext == ".md" and stem != "README" and not stem.endswith(("_zh", "_ja")):
                paths = {"en": os.path.join(folder, f)}
                for lang in ("zh", "ja"):
                    p = os.path.join(folder, f"{stem}_{lang}.md")
                    if os.path.exists(p):
                        paths[lang] = p
                items.append((stem, paths))
        build(os.path.join(args.out, name), items, args.cli,
              ("en2zh", "zh2en", "en2ja", "ja2en", "zh2ja", "ja2zh"))

if __name__ == "__main__":
    main()
