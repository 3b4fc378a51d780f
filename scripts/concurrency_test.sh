#!/usr/bin/env bash
# Readers and a writer at once: 4 searcher processes and 1 indexer process
# share one index for DURATION seconds. The indexer alternately adds and
# prunes a folder of changing documents; searchers run search, roles, show and
# compare. Every command must succeed and every `roles` listing must be a
# whole commit: the fixed roles plus either all or none of the changing ones.
#
#   scripts/concurrency_test.sh [DURATION]     (default: 60 seconds)
#
# Needs target/release/rolesearch (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-60}
BIN=target/release/rolesearch
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
IDX="$WORK/index"
mkdir -p "$WORK/fixed" "$WORK/moving"
cp -r corpus/seeds/. "$WORK/fixed/"
python3 - "$WORK/moving" <<'PY'
import os, sys
for i in range(200):
    with open(os.path.join(sys.argv[1], f"moving-{i:03d}.md"), "w", encoding="utf-8") as f:
        f.write(f"# Moving role {i}\n\n## Responsibilities\n\n* Own the budget of team {i}\n* 负责团队 {i} 的招聘\n")
PY
"$BIN" index "$WORK/fixed" --index "$IDX" >/dev/null
fixed=$("$BIN" roles --index "$IDX" | wc -l)
end=$((SECONDS + DURATION))

writer() {
    local n=0 err=0
    while [ $SECONDS -lt $end ]; do
        if [ $((n % 2)) -eq 0 ]; then
            cp "$WORK"/moving/*.md "$WORK/fixed/" 2>/dev/null
        else
            rm -f "$WORK"/fixed/moving-*.md
        fi
        "$BIN" index "$WORK/fixed" --index "$IDX" --prune >/dev/null 2>"$WORK/writer.err" || { err=$((err + 1)); cat "$WORK/writer.err"; }
        n=$((n + 1))
    done
    echo "writer: $n index runs, $err errors"
}

reader() {
    local id=$1 n=0 err=0 torn=0 queries=("budget" "招聘" "disaster recovery" "code review" "质量控制")
    while [ $SECONDS -lt $end ]; do
        local q=${queries[$((n % 5))]}
        "$BIN" search "$q" --index "$IDX" --json >/dev/null 2>>"$WORK/reader-$id.err" || err=$((err + 1))
        if out=$("$BIN" roles --index "$IDX" 2>>"$WORK/reader-$id.err"); then
            c=$(printf '%s\n' "$out" | wc -l)
            if [ "$c" -ne "$fixed" ] && [ "$c" -ne $((fixed + 200)) ]; then torn=$((torn + 1)); fi
        else
            err=$((err + 1))
        fi
        "$BIN" compare startup-cto-zh wikimedia-cto --index "$IDX" --json >/dev/null 2>>"$WORK/reader-$id.err" || err=$((err + 1))
        n=$((n + 1))
    done
    echo "reader $id: $((n * 3)) commands, $err errors, $torn listings that were not a whole commit"
    [ "$err" -eq 0 ] && [ "$torn" -eq 0 ]
}

writer > "$WORK/w.out" &
pids=()
for r in 1 2 3 4; do reader "$r" > "$WORK/r$r.out" & pids+=($!); done
fail=0
for p in "${pids[@]}"; do wait "$p" || fail=1; done
wait
cat "$WORK/w.out" "$WORK"/r*.out
if [ "$fail" -ne 0 ] || grep -q "[1-9][0-9]* errors" "$WORK/w.out"; then
    cat "$WORK"/reader-*.err 2>/dev/null | sort | uniq -c | head
    echo "concurrency test: FAILED"; exit 1
fi
echo "concurrency test: passed"
