#!/usr/bin/env bash
# Retrieval quality on the benchmark sets: rolesearch and its plain BM25
# baseline (--no-cross: no lexicon concepts, no CC-CEDICT) side by side.
#   scripts/run_bench_sets.sh [BENCHMARK_DIR]     (default ../shared/benchmark)
# Builds the sets (scripts/make_bench_sets.py), an index per set in
# target/bench-sets/<set>/index, and prints one table row per set and system.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH="${1:-../shared/benchmark}"
BIN="${ROLESEARCH_BIN:-target/release/rolesearch}"
[ -x "$BIN" ] || cargo build --release --bin rolesearch
python3 scripts/make_bench_sets.py --benchmark "$BENCH" --out target/bench-sets >&2

printf '%-12s %-16s %8s %8s %8s\n' set system nDCG@10 MRR@10 R@10
for set in onet-titles onet-tasks oh-zh2en oh-en2zh dev; do
    if [ "$set" = dev ]; then
        [ -f ../shared/eval/dev-queries.tsv ] || continue
        dir=target/bench-sets/dev
        mkdir -p "$dir"
        docs=../shared/seeds
        queries=../shared/eval/dev-queries.tsv
        qrels=../shared/eval/dev-qrels.tsv
    else
        dir=target/bench-sets/$set
        docs=$dir/docs
        queries=$dir/queries.tsv
        qrels=$dir/qrels.tsv
    fi
    rm -rf "$dir/index"
    "$BIN" index "$docs" --index "$dir/index" >/dev/null
    for system in rolesearch bm25; do
        flag=""
        [ "$system" = bm25 ] && flag="--no-cross"
        line=$("$BIN" eval --queries "$queries" --qrels "$qrels" --index "$dir/index" $flag 2>/dev/null | grep -m1 -P '^summary\tall\t')
        # "summary<TAB>all<TAB>n=…<TAB>nDCG@10=…<TAB>MRR@10=…<TAB>R@10=…"
        ndcg=$(sed -E 's/.*nDCG@10=([0-9.]+).*/\1/' <<<"$line")
        mrr=$(sed -E 's/.*MRR@10=([0-9.]+).*/\1/' <<<"$line")
        rec=$(sed -E 's/.*R@10=([0-9.]+).*/\1/' <<<"$line")
        printf '%-12s %-16s %8s %8s %8s\n' "$set" "$system" "$ndcg" "$mrr" "$rec"
    done
done

# Peers on the role-level sets, same qrels (needs: pip install bm25s rank_bm25 jieba ir-measures).
if python3 -c "import bm25s, rank_bm25, jieba, ir_measures" 2>/dev/null; then
    python3 scripts/bm25s_quality_peer.py target/bench-sets/onet-titles target/bench-sets/oh-zh2en target/bench-sets/oh-en2zh
fi
