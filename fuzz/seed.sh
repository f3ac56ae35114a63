#!/usr/bin/env bash
# Fills fuzz/corpus/ with seeds from the examples and the bundled content.
# Each answers seed starts with the byte that picks its syntax (even: TOML,
# odd: JSON); each content seed with the index of the file it replaces.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/answers fuzz/corpus/documents fuzz/corpus/content
for f in examples/*.toml tests/profiles/*.toml; do
  case "$f" in *.expect.toml) continue ;; esac
  { printf '\x00'; cat "$f"; } > "fuzz/corpus/answers/$(basename "$f")"
done
printf '\x01{"partnership":"R","answers":{"sr-shared-vision":4},"notes":{"sr-shared-vision":"n"}}' \
  > fuzz/corpus/answers/small.json
for f in examples/*.result.json; do
  cp "$f" "fuzz/corpus/documents/$(basename "$f")"
  # The same result as one JSON Lines line.
  tr -d '\n' < "$f" > "fuzz/corpus/documents/$(basename "$f" .json).jsonl"
done
i=0
for f in frameworks/collective-impact.toml frameworks/resources.toml \
         questions/self-reflection.toml questions/readiness.toml questions/key-steps.toml; do
  { printf "\\x0$i"; cat "$f"; } > "fuzz/corpus/content/$(basename "$f")"
  i=$((i + 1))
done
