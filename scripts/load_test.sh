#!/usr/bin/env bash
# Load test of `rolesearch serve` on loopback: indexes the shipped corpus,
# starts a server, and runs N concurrent clients for a bounded time next to
# the same searches in-process (crates/server/examples/load.rs).
#
#   scripts/load_test.sh [SECONDS_PER_ROW] [CLIENTS,...]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROW="${1:-10}"
CLIENTS="${2:-1,4,16,64}"
cargo build --release -q --bin rolesearch
cargo build --release -q -p rolesearch-server --example load
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
target/release/rolesearch index corpus --index "$work/index" >/dev/null
# Queries: the judged ones, and the titles of the roles (English, Chinese, Japanese).
{ grep -v '^#' tests/eval/queries.tsv | cut -f4; target/release/rolesearch roles --index "$work/index" | cut -f3 | sed -n 1,60p; } > "$work/queries.txt"
target/release/rolesearch serve --index "$work/index" --addr 127.0.0.1:0 2> "$work/serve.log" &
server=$!
for _ in $(seq 50); do grep -q "serving on" "$work/serve.log" && break; sleep 0.1; done
addr="$(sed -n 's|.*http://\([^/]*\)/.*|\1|p' "$work/serve.log" | head -1)"
echo "server $addr (pid $server), $(nproc) cores; clients and server share them"
target/release/examples/load --addr "$addr" --index "$work/index" --queries "$work/queries.txt" \
    --clients "$CLIENTS" --seconds "$SECONDS_PER_ROW"
