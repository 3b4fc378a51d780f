#!/usr/bin/env python3
"""Peer baseline for the latency benchmark: Python bm25s (and rank_bm25 on a
sample) over exactly the statements and queries the Rust suite used.

    ROLESEARCH_BENCH_DUMP=target/bench-dump cargo bench --bench suite
    python3 scripts/bm25s_peer.py target/bench-dump

Tokenisation: Chinese with jieba's cut_for_search, everything else lowercased
words (no stemming), the usual setup for these libraries. Prints p50/p99 per
language, one query at a time (as a search service answers them).
"""
import re
import statistics
import sys
import time

import bm25s
import jieba

jieba.setLogLevel(60)
WORD = re.compile(r"\w+", re.UNICODE)
HAN = re.compile(r"[\u3400-\u9fff]")


def tokenize(text):
    if HAN.search(text):
        return [w.lower() for w in jieba.cut_for_search(text) if w.strip() and WORD.match(w)]
    return WORD.findall(text.lower())


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


def main(folder):
    with open(f"{folder}/statements.txt", encoding="utf-8") as f:
        docs = [line.rstrip("\n") for line in f]
    queries = []
    with open(f"{folder}/queries.tsv", encoding="utf-8") as f:
        for line in f:
            lang, q = line.rstrip("\n").split("\t", 1)
            queries.append((lang, q))
    t = time.perf_counter()
    corpus_tokens = [tokenize(d) for d in docs]
    retriever = bm25s.BM25()
    retriever.index(corpus_tokens, show_progress=False)
    print(f"bm25s: indexed {len(docs)} statements in {time.perf_counter() - t:.2f} s (tokenising included)")
    print("| queries | n | bm25s p50 ms | bm25s p99 ms |")
    print("|---|---|---|---|")
    for lang in ("en", "zh"):
        times = []
        for _, q in (x for x in queries if x[0] == lang):
            t = time.perf_counter()
            toks = tokenize(q)
            if toks:
                retriever.retrieve([toks], k=10, show_progress=False, n_threads=1)
            times.append((time.perf_counter() - t) * 1000)
        print(f"| {lang} | {len(times)} | {pct(times, 0.5):.2f} | {pct(times, 0.99):.2f} |")
    try:
        from rank_bm25 import BM25Okapi
    except ImportError:
        return
    okapi = BM25Okapi(corpus_tokens)
    times = []
    for _, q in queries[::20]:
        t = time.perf_counter()
        okapi.get_top_n(tokenize(q), docs, n=10)
        times.append((time.perf_counter() - t) * 1000)
    print(f"rank_bm25 (every 20th query, n={len(times)}): p50 {statistics.median(times):.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1])
