#!/usr/bin/env python3
"""Quality peer for the role-level benchmark sets: Python bm25s over whole
documents (jieba cut_for_search for Chinese, lowercased words otherwise, no
stemming), scored by ir-measures with the same qrels rolesearch is scored on.

    python3 scripts/make_bench_sets.py                 # target/bench-sets/<set>/{docs,queries.tsv,qrels.tsv}
    python3 scripts/bm25s_quality_peer.py target/bench-sets/onet-titles target/bench-sets/oh-zh2en ...

Role-level queries only (a document is a role; ladders with several roles per
file are not in these sets).
"""
import os
import re
import sys

import bm25s
import ir_measures
import jieba
import numpy as np
from ir_measures import nDCG, RR, R
from rank_bm25 import BM25Okapi

jieba.setLogLevel(60)
WORD = re.compile(r"\w+", re.UNICODE)
HAN = re.compile(r"[\u3400-\u9fff]")


def tokenize(text):
    out = []
    for piece in re.split(r"([\u3400-\u9fff]+)", text):
        if HAN.search(piece):
            out += [w for w in jieba.cut_for_search(piece) if w.strip()]
        else:
            out += WORD.findall(piece.lower())
    return out


def run_set(d):
    ids, texts = [], []
    for name in sorted(os.listdir(os.path.join(d, "docs"))):
        ids.append(os.path.splitext(name)[0])
        texts.append(open(os.path.join(d, "docs", name), encoding="utf-8").read())
    corpus = [tokenize(t) for t in texts]
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    okapi = BM25Okapi(corpus)
    queries = [l.rstrip("\n").split("\t") for l in open(os.path.join(d, "queries.tsv"), encoding="utf-8")]
    runs = {"bm25s (py)": [], "rank_bm25 (py)": []}
    for qid, level, _lang, text in queries:
        if level != "role":
            continue
        toks = tokenize(text) or ["_"]
        docs, scores = retriever.retrieve([toks], k=min(10, len(ids)), show_progress=False)
        for doc, score in zip(docs[0], scores[0]):
            if score > 0:
                runs["bm25s (py)"].append(ir_measures.ScoredDoc(qid, ids[doc], float(score)))
        scores = okapi.get_scores(toks)
        for doc in np.argsort(-scores)[:10]:
            if scores[doc] > 0:
                runs["rank_bm25 (py)"].append(ir_measures.ScoredDoc(qid, ids[doc], float(scores[doc])))
    qrels = []
    for l in open(os.path.join(d, "qrels.tsv"), encoding="utf-8"):
        qid, role, grade, _ = l.rstrip("\n").split("\t")
        qrels.append(ir_measures.Qrel(qid, role, int(grade)))
    for name, run in runs.items():
        m = ir_measures.calc_aggregate([nDCG @ 10, RR @ 10, R @ 10], qrels, run)
        print(f"{os.path.basename(d.rstrip('/')):<12} {name:<16} {m[nDCG @ 10]:8.3f} {m[RR @ 10]:8.3f} {m[R @ 10]:8.3f}")


if __name__ == "__main__":
    for d in sys.argv[1:]:
        run_set(d)
