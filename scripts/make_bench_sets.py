#!/usr/bin/env python3
"""Builds the retrieval benchmark sets from ../shared/benchmark (reproducible: fixed seed).

Writes, under OUT (default target/bench-sets), one folder per set with
  docs/         role documents to index (Markdown)
  queries.tsv   qid <TAB> level <TAB> lang <TAB> query        (rolesearch eval's format)
  qrels.tsv     qid <TAB> role_id <TAB> grade <TAB> fragment
Sets:
  onet-titles   O*NET 27.0 alternate job title -> its occupation (grade 3), related occupations
                Primary-Short (2) and Primary-Long (1). Role level, English.
  onet-tasks    O*NET task -> the other tasks sharing a detailed work activity (grade = shared DWAs, at most 2);
                the query tasks are left out of the documents. Statement level, English.
  oh-zh2en      OpenHarmony SIG charter, Chinese text -> its English twin (known item). Role level.
  oh-en2zh      the reverse.
O*NET 27.0: USDOL/ETA, CC BY 4.0. OpenHarmony community charters: Apache-2.0. Nothing generated is committed.
"""
import argparse
import csv
import os
import random
import re
import shutil
from collections import defaultdict

SEED = 20261124


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]


def clean(text):
    return re.sub(r"\s+", " ", text).strip()


def write_set(out, name, docs, queries, qrels):
    d = os.path.join(out, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "docs"))
    for stem, body in docs.items():
        with open(os.path.join(d, "docs", stem + ".md"), "w", encoding="utf-8") as f:
            f.write(body)
    with open(os.path.join(d, "queries.tsv"), "w", encoding="utf-8") as f:
        for row in queries:
            f.write("\t".join(row) + "\n")
    with open(os.path.join(d, "qrels.tsv"), "w", encoding="utf-8") as f:
        for row in qrels:
            f.write("\t".join(str(c) for c in row) + "\n")
    print(f"{name}: {len(docs)} documents, {len(queries)} queries, {len(qrels)} judgments")


def onet(src, out, n_titles, n_tasks):
    occ = {r[0]: (r[1], clean(r[2])) for r in read_tsv(os.path.join(src, "Occupation Data.txt"))}
    tasks = defaultdict(list)
    task_text = {}
    for r in read_tsv(os.path.join(src, "Task Statements.txt")):
        if r[0] in occ:
            tasks[r[0]].append(r[1])
            task_text[r[1]] = (r[0], clean(r[2]))
    stem = {code: "onet-" + code.replace(".", "-") for code in occ}

    def doc(code, skip=()):
        title, desc = occ[code]
        lines = [f"# {title}", "", desc, "", "## Tasks", ""]
        lines += [f"- {task_text[t][1]}" for t in tasks[code] if t not in skip]
        return "\n".join(lines) + "\n"

    rng = random.Random(SEED)
    # Titles -> occupations.
    related = defaultdict(dict)
    for code, other, tier, _ in read_tsv(os.path.join(src, "Related Occupations.txt")):
        grade = {"Primary-Short": 2, "Primary-Long": 1}.get(tier)
        if grade and code in occ and other in occ:
            related[code][other] = grade
    own_titles = {t.lower() for t, _ in occ.values()}
    alts = [(r[0], clean(r[1])) for r in read_tsv(os.path.join(src, "Alternate Titles.txt"))
            if r[0] in occ and clean(r[1]).lower() not in own_titles]
    alts = sorted(set(alts))
    rng.shuffle(alts)
    queries, qrels, seen = [], [], set()
    for code, title in alts:
        if title.lower() in seen:
            continue  # a title shared by several occupations is ambiguous
        seen.add(title.lower())
        qid = f"T{len(queries) + 1:04d}"
        queries.append((qid, "role", "en", title))
        qrels.append((qid, stem[code], 3, ""))
        for other, grade in related[code].items():
            qrels.append((qid, stem[other], grade, ""))
        if len(queries) == n_titles:
            break
    write_set(out, "onet-titles", {stem[c]: doc(c) for c in occ}, queries, qrels)

    # Tasks -> tasks sharing a detailed work activity.
    dwas = defaultdict(set)
    for r in read_tsv(os.path.join(src, "Tasks to DWAs.txt")):
        if r[1] in task_text:
            dwas[r[1]].add(r[2])
    by_dwa = defaultdict(set)
    for t, ds in dwas.items():
        for d in ds:
            by_dwa[d].add(t)
    candidates = sorted(t for t, ds in dwas.items() if any(len(by_dwa[d]) > 1 for d in ds))
    rng.shuffle(candidates)
    picked = candidates[:n_tasks]
    skip = set(picked)
    queries, qrels = [], []
    for i, t in enumerate(picked):
        qid = f"K{i + 1:04d}"
        queries.append((qid, "statement", "en", task_text[t][1]))
        shared = defaultdict(int)
        for d in dwas[t]:
            for other in by_dwa[d]:
                if other != t and other not in skip:
                    shared[other] += 1
        for other, n in sorted(shared.items()):
            code, text = task_text[other]
            qrels.append((qid, stem[code], min(n, 2), text))
    write_set(out, "onet-tasks", {stem[c]: doc(c, skip) for c in occ}, queries, qrels)


def charter_query(text, limit):
    """The prose of a charter: no headings, links, member lists or notes; the first `limit` characters."""
    keep = []
    for line in text.splitlines():
        s = line.strip()
        if (not s or s.startswith(("#", "|", "@", "-", "*", "http", ">")) or "](" in s
                or s.startswith(("说明", "Note", "简体中文", "English"))):
            continue
        keep.append(s)
    return clean(" ".join(keep))[:limit]


def openharmony(src, out, limit):
    en, zh = {}, {}
    for sig in sorted(os.listdir(src)):
        d = os.path.join(src, sig)
        if not os.path.isdir(d):
            continue
        e, c = os.path.join(d, f"{sig}.md"), os.path.join(d, f"{sig}_cn.md")
        if os.path.isfile(e) and os.path.isfile(c):
            en[sig] = open(e, encoding="utf-8").read()
            zh[sig + "_cn"] = open(c, encoding="utf-8").read()
    for name, docs, sources, lang in (("oh-zh2en", en, zh, "zh"), ("oh-en2zh", zh, en, "en")):
        queries, qrels = [], []
        for i, (stem, text) in enumerate(sorted(sources.items())):
            twin = stem[:-3] if stem.endswith("_cn") else stem + "_cn"
            q = charter_query(text, limit)
            if not q:
                continue
            qid = f"H{i + 1:03d}"
            queries.append((qid, "role", lang, q))
            qrels.append((qid, twin, 1, ""))
        write_set(out, name, docs, queries, qrels)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--benchmark", default="../shared/benchmark")
    ap.add_argument("--out", default="target/bench-sets")
    ap.add_argument("--titles", type=int, default=500)
    ap.add_argument("--tasks", type=int, default=300)
    ap.add_argument("--charter-chars", type=int, default=300)
    a = ap.parse_args()
    onet(os.path.join(a.benchmark, "onet-27.0"), a.out, a.titles, a.tasks)
    openharmony(os.path.join(a.benchmark, "openharmony-sig-pairs"), a.out, a.charter_chars)


if __name__ == "__main__":
    main()
