#!/usr/bin/env python3
"""Alignment quality on O*NET: for pairs of closely related occupations, the
gold alignments are the task pairs that share a detailed work activity (DWA).
Same measure as the eval script's --align: recall of gold pairs among the top
2 x |gold| pairs of `rolesearch compare A B --json`.

    python3 scripts/make_bench_sets.py          # writes target/bench-sets/onet-titles/docs
    target/release/rolesearch index target/bench-sets/onet-titles/docs --index target/bench-sets/onet-titles/index
    python3 scripts/onet_align.py [--pairs 60] [--index DIR] [--bin target/release/rolesearch]

English only (O*NET has no Chinese); the dev alignments in ../shared/eval cover
cross-language pairs. O*NET 27.0: USDOL/ETA, CC BY 4.0.
"""
import argparse
import csv
import json
import random
import re
import subprocess
from collections import defaultdict


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onet", default="../shared/benchmark/onet-27.0")
    ap.add_argument("--index", default="target/bench-sets/onet-titles/index")
    ap.add_argument("--bin", default="target/release/rolesearch")
    ap.add_argument("--pairs", type=int, default=60)
    a = ap.parse_args()
    text = {r[1]: re.sub(r"\s+", " ", r[2]).strip() for r in read_tsv(f"{a.onet}/Task Statements.txt")}
    dwas = defaultdict(set)
    task_occ = {}
    for code, task, dwa, *_ in read_tsv(f"{a.onet}/Tasks to DWAs.txt"):
        if task in text:
            dwas[task].add(dwa)
            task_occ[task] = code
    tasks_of = defaultdict(list)
    for t, c in task_occ.items():
        tasks_of[c].append(t)
    pairs = sorted({(c, o) for c, o, tier, _ in read_tsv(f"{a.onet}/Related Occupations.txt") if tier == "Primary-Short"})
    random.Random(20261124).shuffle(pairs)
    found_all = gold_all = used = 0
    for ca, cb in pairs:
        gold = {(text[x], text[y]) for x in tasks_of[ca] for y in tasks_of[cb] if dwas[x] & dwas[y]}
        if not 1 <= len(gold) <= 10:
            continue  # pairs with too many shared activities say little about ranking
        stem = lambda c: "onet-" + c.replace(".", "-")
        out = subprocess.run([a.bin, "compare", stem(ca), stem(cb), "--index", a.index, "--json"],
                             capture_output=True, text=True, check=True).stdout
        top = json.loads(out)["pairs"][: 2 * len(gold)]
        found = sum(1 for p in top if (p["a_text"], p["b_text"]) in gold)
        found_all += found
        gold_all += len(gold)
        used += 1
        if used == a.pairs:
            break
    print(f"onet-align\t{used} occupation pairs\t{found_all}/{gold_all} gold pairs in top 2x\trecall={found_all / max(gold_all, 1):.3f}")


if __name__ == "__main__":
    main()
