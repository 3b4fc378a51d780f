#!/usr/bin/env python3
"""Would a dense channel of distilled word vectors help? Measured, not shipped.

    python3 scripts/make_bridge.py --out /tmp/bridge.tsv --vectors target/vectors.bin
    python3 scripts/make_parallel_sets.py && python3 scripts/encoder_peers.py --peers "" --sets par-dev-en2zh,par-dev-zh2en
    python3 scripts/dense_channel_experiment.py [--vectors target/vectors.npz]

A statement's vector is the idf-weighted mean of the teacher's (USE-m3,
centred per script) vectors of its analysed terms, in 512 dimensions or
PCA-128 (what a shipped int8 file would hold). Reported, on the parallel
sets: (1) statement search by the dense vectors alone, and fused with
rolesearch's own run (its top 20, scores scaled by the best, plus w x cosine;
"union" also adds the dense top 20); (2) translation-pair recall within a
charter pair when each statement takes its densest counterpart (compare's
own figure comes from scripts/compare_pair_recall.py).
"""
import argparse
import collections
import json
import math
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import encoder_peers as ep  # noqa: E402


def analyse(lines):
    exe = os.path.join(ROOT, "target", "release", "examples", "analyze_words")
    clean = [l.replace("\t", " ").replace("\n", " ") for l in lines]
    out = subprocess.run([exe], input="\n".join(clean) + "\n", capture_output=True, text=True, check=True).stdout
    return [l.split("\t", 1)[1].split() for l in out.split("\n") if "\t" in l]


def embedder(matrix, at, token_lists):
    df = collections.Counter(t for tk in token_lists for t in set(tk))
    n = len(token_lists)

    def vec(tokens):
        v = np.zeros(matrix.shape[1], dtype=np.float32)
        for t in set(tokens):
            if t in at:
                v += math.log(1 + n / (1 + df.get(t, 0))) * matrix[at[t]]
        norm = np.linalg.norm(v)
        return v / norm if norm > 0 else v
    return vec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vectors", default=os.path.join(ROOT, "target", "vectors.npz"))
    args = ap.parse_args()
    z = np.load(args.vectors)
    at = {t: i for i, t in enumerate(z["terms"])}
    kinds = {"512": z["vecs"], "pca128": z["proj"]}
    for name in ("par-dev-en2zh", "par-dev-zh2en"):
        index, queries, _ = ep.sets()[name]
        sts = ep.statements(index)
        toks = analyse([s[3] for s in sts])
        qs = ep.read_queries(queries)
        qtoks = analyse([q[3] for q in qs])
        qlang = {q[0]: q[2] for q in qs}
        qrels = ep.read_trec(os.path.join(ROOT, "target", "peers", f"{name}.qrels"))
        raw = collections.defaultdict(dict)
        for line in open(os.path.join(ROOT, "target", "peers", f"{name}.rolesearch.run")):
            p = line.split()
            raw[p[0]][p[2]] = float(p[4])
        lang_of = {s[0]: s[2] for s in sts}
        ids = [s[0] for s in sts]
        at_id = {d: i for i, d in enumerate(ids)}
        base = ep.measure({q: sorted(r, key=lambda d: -r[d]) for q, r in raw.items()}, qrels, lang_of, qlang)
        print(f"{name}: rolesearch nDCG@10 {base['nDCG@10']:.3f}")
        for kind, m in kinds.items():
            vec = embedder(m, at, toks)
            sv = np.stack([vec(t) for t in toks])
            qv = np.stack([vec(t) for t in qtoks])
            dense = {q[0]: [ids[i] for i in np.argsort(-(sv @ v))[:20]] for q, v in zip(qs, qv)}
            print(f"  dense {kind}: nDCG@10 {ep.measure(dense, qrels, lang_of, qlang)['nDCG@10']:.3f}")
            for w in (0.25, 0.5, 1.0):
                for mode in ("rerank", "union"):
                    fused = {}
                    for q, v in zip(qs, qv):
                        sc = sv @ v
                        r = raw.get(q[0], {})
                        top = max(r.values()) if r else 1.0
                        cand = set(r) | (set(dense[q[0]]) if mode == "union" else set())
                        fused[q[0]] = sorted(cand, key=lambda d: -(r.get(d, 0) / top + w * max(0.0, sc[at_id[d]])))
                    print(f"  fused {kind} w={w} {mode}: nDCG@10 "
                          f"{ep.measure(fused, qrels, lang_of, qlang)['nDCG@10']:.3f}")
    for split in ("dev", "heldout"):
        d = os.path.join(ROOT, "target", "parallel-sets", split)
        sts = [json.loads(l) for l in open(os.path.join(d, "statements.jsonl"), encoding="utf-8")]
        toks = analyse([s["text"] for s in sts])
        idx = {s["id"]: i for i, s in enumerate(sts)}
        by_role = collections.defaultdict(list)
        for i, s in enumerate(sts):
            by_role[s["role_id"]].append(i)
        for kind, m in kinds.items():
            vec = embedder(m, at, toks)
            v = np.stack([vec(t) for t in toks])
            found = total = 0
            for line in open(os.path.join(d, "pairs.tsv"), encoding="utf-8"):
                a, b = (idx[x] for x in line.split())
                best = max(by_role[sts[b]["role_id"]], key=lambda j: v[a] @ v[j])
                found += best == b
                total += 1
            print(f"{split}: densest counterpart is the translation ({kind}): {found}/{total} = {found / total:.3f}")


if __name__ == "__main__":
    main()
