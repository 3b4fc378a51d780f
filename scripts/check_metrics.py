#!/usr/bin/env python3
"""Checks `rolesearch eval` against an established implementation (ir-measures,
which wraps pytrec_eval) on the same run and qrels files, for every measure
eval reports: nDCG and P at 5/10/20, MRR@10, R@10, MAP. Then feeds the TREC
qrels eval wrote (stable statement ids) back to eval and checks it reports
the same numbers as from the fragment judgments.

    python3 scripts/check_metrics.py target/release/rolesearch tests/eval corpus/seeds
    python3 scripts/check_metrics.py CLI QUERIES.tsv QRELS.tsv DOCS
"""
import os
import subprocess
import sys
import tempfile

import ir_measures
from ir_measures import AP, P, RR, R, nDCG


def summary(out):
    line = next(l for l in out.splitlines() if l.startswith("summary\tall"))
    return line, dict(cell.split("=", 1) for cell in line.split("\t")[3:])


def main(cli, queries, qrels_tsv, docs):
    with tempfile.TemporaryDirectory() as tmp:
        idx, run, qrels = (os.path.join(tmp, n) for n in ("index", "run.trec", "qrels.trec"))
        subprocess.run([cli, "index", docs, "--index", idx], check=True, capture_output=True)
        evaluate = [cli, "eval", "--queries", queries, "--index", idx]
        out = subprocess.run(evaluate + ["--qrels", qrels_tsv, "--run-out", run, "--qrels-out", qrels],
                             check=True, capture_output=True, text=True).stdout
        line, got = summary(out)
        measures = {f"nDCG@{k}": nDCG @ k for k in (5, 10, 20)}
        measures.update({f"P@{k}": P @ k for k in (5, 10, 20)})
        measures.update({"MRR@10": RR @ 10, "R@10": R @ 10, "MAP": AP})
        ref = ir_measures.calc_aggregate(list(measures.values()), list(ir_measures.read_trec_qrels(qrels)),
                                         list(ir_measures.read_trec_run(run)))
        pairs = [(name, ref[m]) for name, m in measures.items()]
        bad = [(k, got[k], v) for k, v in pairs if abs(float(got[k]) - v) > 5e-4]
        print(line)
        print("ir-measures\t\t\t" + "\t".join(f"{k}={v:.3f}" for k, v in pairs))
        if bad:
            print(f"MISMATCH: {bad}")
            sys.exit(1)
        print("metrics agree with ir-measures")
        again = subprocess.run(evaluate + ["--qrels", qrels], check=True, capture_output=True, text=True).stdout
        trec_line, trec = summary(again)
        if trec != got:
            print(f"TREC qrels give other numbers:\n{trec_line}")
            sys.exit(1)
        print("TREC qrels with stable statement ids give the same numbers")


if __name__ == "__main__":
    if len(sys.argv) == 4:
        cli, evaldir, docs = sys.argv[1:4]
        main(cli, f"{evaldir}/queries.tsv", f"{evaldir}/qrels.tsv", docs)
    else:
        main(*sys.argv[1:5])
