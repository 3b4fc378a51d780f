#!/usr/bin/env python3
"""`rolesearch similar` as a known-item test: a translated document's nearest
role should be its own translation. Next to the sentence encoders, in one run.

    python3 scripts/make_parallel_sets.py      # target/parallel-sets/{dev,heldout,k8s}
    python3 scripts/similar_peers.py [--peers use-m3,e5-small] [--splits dev,heldout,k8s]

Each document of a split that has a translation there (sig_X / sig_X_cn, X /
X_zh / X_ja) asks for its nearest roles; its translations are the relevant
answers. Measures: MRR of the translations (rank 1..50, else 0) and how many
come first. Systems:
  rolesearch   `rolesearch similar ROLE --json` (ROLESEARCH_BIN, default target/release)
  use-m3, e5-small   cosine of the mean of each role's statement vectors
                     (as encoder_peers.py ranks roles), statements from `show --json`
Misses are listed for rolesearch: the document, its translation and the rank.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import encoder_peers  # noqa: E402

ROOT = encoder_peers.ROOT
CLI = encoder_peers.CLI
DEPTH = 50


def twins_of(docs):
    """Role id -> the ids of its translations in the same split."""
    stems = [os.path.splitext(f)[0] for f in sorted(os.listdir(docs)) if f.endswith(".md")]
    base = {s: re.sub(r"_(cn|zh|ja)$", "", s) for s in stems}
    return {s: [t for t in stems if t != s and base[t] == base[s]] for s in stems}


def measure(ranked, twins):
    rr, first, n, misses = 0.0, 0, 0, []
    for role, others in twins.items():
        for t in others:
            n += 1
            got = ranked.get(role, [])
            k = got.index(t) + 1 if t in got[:DEPTH] else None
            rr += 1 / k if k else 0.0
            first += k == 1
            if k != 1:
                misses.append((role, t, k))
    return rr / max(n, 1), first, n, misses


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peers", default="use-m3,e5-small")
    ap.add_argument("--splits", default="dev,heldout,k8s,k8s-review")
    args = ap.parse_args()
    enc = encoder_peers.Encoders()
    print(f"{'split':<8} {'system':<12} {'n':>4} {'MRR':>6} {'first':>6}")
    for split in [s for s in args.splits.split(",") if s]:
        d = os.path.join(ROOT, "target", "parallel-sets", split)
        if not os.path.isdir(os.path.join(d, "index")):
            print(f"{split}: no index (run scripts/make_parallel_sets.py)", file=sys.stderr)
            continue
        twins = {r: t for r, t in twins_of(os.path.join(d, "docs")).items() if t}
        runs = {"rolesearch": {}}
        for role in twins:
            out = subprocess.run([CLI, "similar", role, "--index", os.path.join(d, "index"), "--json", "-n",
                                  str(DEPTH)], capture_output=True, text=True)
            if out.returncode == 0:
                runs["rolesearch"][role] = [r["role_id"] for r in json.loads(out.stdout)["similar"]]
        sts = encoder_peers.statements(os.path.join(d, "index"))
        role_ids = sorted({s[1] for s in sts})
        at = {r: i for i, r in enumerate(role_ids)}
        for peer in [p for p in args.peers.split(",") if p]:
            sv = enc.encode(peer, [s[3] for s in sts], query=False)
            rv = np.zeros((len(role_ids), sv.shape[1]), dtype=np.float32)
            for s, v in zip(sts, sv):
                rv[at[s[1]]] += v
            rv /= np.linalg.norm(rv, axis=1, keepdims=True) + 1e-9
            sims = rv @ rv.T
            runs[peer] = {}
            for role in twins:
                if role in at:
                    order = [role_ids[j] for j in np.argsort(-sims[at[role]]) if role_ids[j] != role]
                    runs[peer][role] = order[:DEPTH]
        for system, ranked in runs.items():
            mrr, first, n, misses = measure(ranked, twins)
            print(f"{split:<8} {system:<12} {n:>4} {mrr:>6.3f} {first:>6}", flush=True)
            if system == "rolesearch":
                for m in misses:
                    print(f"    miss: {m[0]} -> {m[1]} at {m[2] or f'>{DEPTH}'}", flush=True)


if __name__ == "__main__":
    main()
