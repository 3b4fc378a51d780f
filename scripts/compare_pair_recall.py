#!/usr/bin/env python3
"""Translation-pair recall of `rolesearch compare` on the parallel sets.

    python3 scripts/make_parallel_sets.py && python3 scripts/compare_pair_recall.py

For every charter and its translation, `rolesearch compare A A_cn --json`
pairs statements; a gold pair (pairs.tsv, aligned without any translation
model) is found when compare pairs exactly those two statements as a match.
Recall = gold pairs found / gold pairs.
"""
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.environ.get("ROLESEARCH_BIN", os.path.join(ROOT, "target", "release", "rolesearch"))


def main():
    for split in ("dev", "heldout", "k8s", "k8s-review"):
        d = os.path.join(ROOT, "target", "parallel-sets", split)
        if not os.path.isdir(d):
            print(f"{d} missing: run scripts/make_parallel_sets.py", file=sys.stderr)
            continue
        text = {}
        role = {}
        for line in open(os.path.join(d, "statements.jsonl"), encoding="utf-8"):
            s = json.loads(line)
            text[s["id"]] = " ".join(s["text"].split())
            role[s["id"]] = s["role_id"]
        gold = collections.defaultdict(set)
        for line in open(os.path.join(d, "pairs.tsv"), encoding="utf-8"):
            a, b = line.split()
            gold[(role[a], role[b])].add((text[a], text[b]))
        found = total = 0
        by_langs = collections.Counter()
        found_by_langs = collections.Counter()
        for (ra, rb), pairs in sorted(gold.items()):
            out = subprocess.run([CLI, "compare", ra, rb, "--json", "--index", os.path.join(d, "index")],
                                 capture_output=True, text=True, check=True)
            got = {(" ".join(p["a_text"].split()), " ".join(p["b_text"].split()))
                   for p in json.loads(out.stdout)["pairs"] if p.get("matched")}
            found += len(pairs & got)
            total += len(pairs)
            langs = "-".join(r.rsplit("_", 1)[1] if r.endswith(("_zh", "_ja", "_cn")) else "en" for r in (ra, rb))
            by_langs[langs] += len(pairs)
            found_by_langs[langs] += len(pairs & got)
        detail = ", ".join(f"{k} {found_by_langs[k]}/{v}" for k, v in sorted(by_langs.items()))
        print(f"{split}: translation-pair recall {found}/{total} = {found / max(1, total):.3f} ({detail})")


if __name__ == "__main__":
    main()
