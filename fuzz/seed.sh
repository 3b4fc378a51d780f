#!/usr/bin/env bash
# Builds the seed corpora the fuzz targets start from (not committed: rebuilt from the repository).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/parse corpus/analyze corpus/query corpus/front_matter corpus/walk
n=0
for f in $(find ../corpus -type f \( -name '*.md' -o -name '*.txt' -o -name '*.html' \) | sort); do
    n=$((n + 1))
    { printf '\000'; cat "$f"; } > "corpus/parse/doc-$n"
    # Front matter seeds: only documents that open with a YAML block.
    if head -1 "$f" | grep -q '^---'; then cp "$f" "corpus/front_matter/doc-$n"; fi
done
for f in ../crates/analysis/tests/golden/*; do
    [ -f "$f" ] && cp "$f" "corpus/analyze/$(basename "$f")"
done
i=0
cut -f2 ../tests/eval/queries.tsv | while IFS= read -r q; do
    i=$((i + 1)); printf '%s' "$q" > "corpus/query/q-$i"
done
printf '\000\001\002\003\004' > corpus/walk/small
echo "seeded: $(ls corpus/parse | wc -l) parse, $(ls corpus/front_matter | wc -l) front_matter, $(ls corpus/analyze | wc -l) analyze, $(ls corpus/query | wc -l) query"
