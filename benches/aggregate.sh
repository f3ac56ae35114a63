#!/usr/bin/env bash
# Benchmark: `partnerscope aggregate` over N synthetic results against two
# baselines on the same file: jq computing the per-component means, and a bare
# serde_json parse of every line. Reports wall time and peak memory (max RSS).
#
#   bash benches/aggregate.sh            # 10,000 and 100,000 results
#   bash benches/aggregate.sh 5000       # other sizes
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "jq is needed: apt-get install jq" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }

cargo build --release --quiet --bin partnerscope --example gen_results --example bare_parse
bin=target/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
  read -r secs kb <"$work/time"
  printf '| %-9s | %-26s | %8.2f s | %8.1f MiB |\n' "$n" "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
}

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
echo "| results   | command                    |      wall |    peak RSS |"
echo "|-----------|----------------------------|-----------|-------------|"
for n in "${sizes[@]}"; do
  file="$work/results-$n.jsonl"
  "$bin/examples/gen_results" "$n" >"$file"
  measure "partnerscope aggregate" "$bin/partnerscope" aggregate --format json "$file"
  measure "jq component means" jq -n 'reduce (inputs | .components[] | select(.score != null)) as $c ({}; .[$c.id].sum += $c.score | .[$c.id].n += 1) | map_values(.sum / .n)' "$file"
  measure "bare serde_json parse" "$bin/examples/bare_parse" "$file"
  printf '| %-9s | file size: %-15s |           |             |\n' "$n" "$(du -h "$file" | cut -f1)"
done
