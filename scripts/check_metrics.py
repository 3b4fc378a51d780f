#!/usr/bin/env python3
"""Checks `rolesearch eval` against an established implementation (ir-measures,
which wraps pytrec_eval) on the same run and qrels files.

    python3 scripts/check_metrics.py target/release/rolesearch tests/eval corpus/seeds
"""
import os
import subprocess
import sys
import tempfile

import ir_measures
from ir_measures import RR, R, nDCG


def main(cli, evaldir, docs):
    with tempfile.TemporaryDirectory() as tmp:
        idx, run, qrels = (os.path.join(tmp, n) for n in ("index", "run.trec", "qrels.trec"))
        subprocess.run([cli, "index", docs, "--index", idx], check=True, capture_output=True)
        out = subprocess.run(
            [cli, "eval", "--queries", f"{evaldir}/queries.tsv", "--qrels", f"{evaldir}/qrels.tsv", "--index", idx,
             "--run-out", run, "--qrels-out", qrels],
            check=True, capture_output=True, text=True).stdout
        ours = next(l for l in out.splitlines() if l.startswith("summary\tall"))
        got = dict(cell.split("=", 1) for cell in ours.split("\t")[2:])
        ref = ir_measures.calc_aggregate([nDCG @ 10, RR @ 10, R @ 10],
                                         list(ir_measures.read_trec_qrels(qrels)), list(ir_measures.read_trec_run(run)))
        pairs = [("nDCG@10", ref[nDCG @ 10]), ("MRR@10", ref[RR @ 10]), ("R@10", ref[R @ 10])]
        bad = [(k, got[k], v) for k, v in pairs if abs(float(got[k]) - v) > 5e-4]
        print(ours)
        print("ir-measures\t" + "\t".join(f"{k}={v:.3f}" for k, v in pairs))
        if bad:
            print(f"MISMATCH: {bad}")
            sys.exit(1)
        print("metrics agree with ir-measures")


if __name__ == "__main__":
    main(*sys.argv[1:4])
