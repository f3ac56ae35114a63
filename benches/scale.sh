#!/usr/bin/env bash
# Benchmark: memory at scale, and reports that stream. Peak memory (GNU
# time) and wall time of:
#   - `aggregate --by partnership` over 10,000 results from 10,000
#     partnerships (one profile each), written as JSON;
#   - `report` of that aggregate (about 1.4 GB of JSON) in HTML and CSV,
#     as a multiple of the file's size;
#   - `report` of a group round of 10,000 members in CSV, HTML and Markdown,
#     as a multiple of the file's size, and the CSV's time against `cat` of
#     the same file (hyperfine);
#   - with --national: a national programme, 50,000 partnerships of 20
#     members each (1,000,000 results, about 23 GB), streamed through a pipe
#     so that it never lands on disk.
#
#   bash benches/scale.sh              # about 2 minutes and 2 GB of space
#   bash benches/scale.sh --national   # adds about 3 minutes and 1.2 GB
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in jq hyperfine; do
  command -v "$tool" >/dev/null || { echo "$tool is needed: apt-get install -y $tool" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install -y time" >&2; exit 1; }
national=false
[ "${1:-}" = "--national" ] && national=true

cargo build --release --quiet --bin partnerscope --example gen_results
bin=target/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "wall_s peak_kib" of one run; output goes to $work/out.
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out"
  tail -n1 "$work/time"
}

row() { # label, wall, peak_kib, input_bytes (or -)
  awk -v l="$1" -v w="$2" -v m="$3" -v i="$4" 'BEGIN {
    ratio = (i == "-") ? "" : sprintf("%.2fx the input", m * 1024 / i)
    printf "| %-52s | %8.2f s | %9.1f MB | %-16s |\n", l, w, m * 1.024 / 1000, ratio }'
}

echo "| run                                                  |       wall |     peak RSS | memory           |"
echo "|------------------------------------------------------|------------|--------------|------------------|"

"$bin/examples/gen_results" 10000 10000 >"$work/p10k.jsonl"
read -r w m < <(measure "$bin/partnerscope" aggregate --by partnership --format json "$work/p10k.jsonl")
mv "$work/out" "$work/by10k.json"
row "aggregate --by partnership, 10,000 partnerships" "$w" "$m" -
by_size=$(stat -c %s "$work/by10k.json")
for format in html csv; do
  read -r w m < <(measure "$bin/partnerscope" report "$work/by10k.json" --format "$format")
  row "report $format of that aggregate ($((by_size / 1000000)) MB)" "$w" "$m" "$by_size"
done
rm -f "$work/by10k.json"

# A group round: one result whose members are the 10,000 generated members.
head -n 10000 "$work/p10k.jsonl" |
  jq -c -s '.[0] + {mode: "group", member: "group", members: map({member, answers})}' \
    >"$work/group.json"
rm -f "$work/p10k.jsonl"
group_size=$(stat -c %s "$work/group.json")
for format in csv html markdown; do
  read -r w m < <(measure "$bin/partnerscope" report "$work/group.json" --format "$format")
  row "report $format of a group round of 10,000 ($((group_size / 1000000)) MB)" "$w" "$m" "$group_size"
done
hyperfine -N --style none --warmup 2 --runs 10 --export-json "$work/hf.json" \
  "$bin/partnerscope report $work/group.json --format csv --output /dev/null" \
  "cat $work/group.json" >/dev/null
csv_vs_cat=$(jq -r '.results | "\(.[0].median / .[1].median)"' "$work/hf.json")
rm -f "$work/group.json"

if $national; then
  "$bin/examples/gen_results" 50000 50000 >"$work/p50k.jsonl"
  # Twenty passes over 50,000 partnerships: each has 20 members.
  for _ in $(seq 20); do cat "$work/p50k.jsonl"; done |
    /usr/bin/time -f "%e %M" -o "$work/time" \
      "$bin/partnerscope" aggregate - --by partnership --format json >/dev/null
  read -r w m <"$work/time"
  row "aggregate --by, 50,000 partnerships x 20 members" "$w" "$m" -
fi

echo
awk -v r="$csv_vs_cat" 'BEGIN { printf "report --format csv of the group round / cat of its file: %.0fx (median wall)\n", r }'
