#!/usr/bin/env bash
# Crash safety: kill the indexer with SIGKILL at random points of a large
# indexing run, then check that the index opens, holds exactly the roles of
# its last commit (a prefix of the sorted files, in whole commit batches),
# and that a rerun completes it.
#
#   scripts/crash_test.sh [TRIALS] [FILES]     (defaults: 20 trials, 60000 files)
#
# Needs target/release/rolesearch (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${1:-20}
FILES=${2:-60000}
BATCH=2000   # ingest.rs COMMIT_EVERY
BIN=target/release/rolesearch
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# One small role document per file, named so that sorted order is numeric.
mkdir -p "$WORK/docs"
python3 - "$WORK/docs" "$FILES" <<'PY'
import sys, os
d, n = sys.argv[1], int(sys.argv[2])
duties = ["Plan the annual budget", "Hire and mentor engineers", "Own backups and disaster recovery",
          "负责代码审查与服务设计", "Coordinate releases with other teams", "建立质量控制体系"]
for i in range(n):
    with open(os.path.join(d, f"role-{i:06d}.md"), "w", encoding="utf-8") as f:
        f.write(f"# Role {i}\n\n## Responsibilities\n\n* {duties[i % len(duties)]}\n* Duty number {i}\n")
PY

(cd "$WORK/docs" && ls) | sed 's/\.md$//' | sort > "$WORK/sorted"
fail=0
for t in $(seq 1 "$TRIALS"); do
    idx="$WORK/idx-$t"
    "$BIN" index "$WORK/docs" --index "$idx" >/dev/null 2>&1 &
    pid=$!
    sleep "$(python3 -c 'import random; print(round(random.uniform(0.2, 3.0), 2))')"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if ! "$BIN" roles --index "$idx" > "$WORK/roles" 2> "$WORK/err"; then
        if grep -q "is not a rolesearch index" "$WORK/err"; then
            n=0   # killed before the index was created
        else
            echo "trial $t: index does not open: $(cat "$WORK/err")"; fail=1; continue
        fi
    else
        n=$(wc -l < "$WORK/roles")
    fi
    # Exactly a prefix of whole batches (or everything).
    expected_ids=$(head -n "$n" "$WORK/sorted")
    got_ids=$(cut -f1 "$WORK/roles" | sort)
    if [ "$n" -ne "$FILES" ] && [ $((n % BATCH)) -ne 0 ]; then
        echo "trial $t: $n roles is not a whole number of $BATCH-file commits"; fail=1
    elif [ "$expected_ids" != "$got_ids" ]; then
        echo "trial $t: the $n roles are not the first $n files"; fail=1
    fi
    # A rerun completes the index.
    "$BIN" index "$WORK/docs" --index "$idx" >/dev/null 2>&1 || true
    m=$("$BIN" roles --index "$idx" | wc -l)
    if [ "$m" -ne "$FILES" ]; then
        echo "trial $t: rerun left $m of $FILES roles"; fail=1
    fi
    echo "trial $t: killed with $n roles committed; rerun: $m roles"
    rm -rf "$idx"
done
[ "$fail" -eq 0 ] && echo "crash test: all $TRIALS trials passed" || { echo "crash test: FAILED"; exit 1; }
