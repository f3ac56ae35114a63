#!/usr/bin/env bash
# Benchmark: `partnerscope aggregate` over N synthetic results against two
# baselines on the same file: a bare single-threaded serde_json parse of every
# line (the floor), and jq computing the per-component means. Prints wall
# time, CPU time (user + system) and peak memory of each, then the ratios.
# Times are medians over several runs (hyperfine when installed, GNU time
# otherwise); jq runs once, as it is slow. The file is read once beforehand
# so every command finds it in the page cache.
#
#   bash benches/aggregate.sh            # 10,000 and 100,000 results
#   bash benches/aggregate.sh 5000       # other sizes
#   PARTNERSCOPE_THREADS=1 bash benches/aggregate.sh   # one thread
#
# Needs jq and GNU time (apt-get install -y jq time); hyperfine is used when
# installed (apt-get install -y hyperfine). 100,000 results take 2.3 GB of
# temporary space, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "jq is needed: apt-get install -y jq" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install -y time" >&2; exit 1; }
runs=${RUNS:-5}

cargo build --release --quiet --bin partnerscope --example gen_results --example bare_parse
bin=target/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "wall cpu rss_kib" for a command: median wall and CPU seconds over
# `runs` runs, and the peak resident memory of one run.
measure() { # runs, command...
  local n=$1; shift
  /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null
  local rss; rss=$(tail -n1 "$work/rss")
  if command -v hyperfine >/dev/null && [ "$n" -gt 1 ]; then
    local cmd; cmd=$(printf '%q ' "$@")
    hyperfine -N --style none --warmup 1 --runs "$n" --output null \
      --export-json "$work/hf.json" "$cmd" >/dev/null
    jq -r --arg rss "$rss" \
      '.results[0] | "\(.median) \((.user + .system)) \($rss)"' "$work/hf.json"
  else
    : >"$work/runs"
    for _ in $(seq "$n"); do
      /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null
      tail -n1 "$work/time" | awk '{ print $1, $2 + $3 }' >>"$work/runs"
    done
    local wall cpu
    wall=$(cut -d' ' -f1 "$work/runs" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    cpu=$(cut -d' ' -f2 "$work/runs" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    echo "$wall $cpu $rss"
  fi
}

row() { # results, label, wall, cpu, rss_kib
  awk -v n="$1" -v l="$2" -v w="$3" -v c="$4" -v m="$5" \
    'BEGIN { printf "| %9s | %-24s | %12.2f s | %12.2f s | %9.1f MiB |\n", n, l, w, c, m / 1024 }'
}

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
threads=${PARTNERSCOPE_THREADS:-$(nproc)}
jq_filter='reduce (inputs | .components[] | select(.score != null)) as $c ({}; .[$c.id].sum += $c.score | .[$c.id].n += 1) | map_values(.sum / .n)'
echo "partnerscope aggregate on $threads thread(s), $(nproc) core(s)"
echo
echo "|   results | command                  |   wall, median |    CPU, median |      peak RSS |"
echo "|-----------|--------------------------|----------------|----------------|---------------|"
summary=()
for n in "${sizes[@]}"; do
  file="$work/results-$n.jsonl"
  "$bin/examples/gen_results" "$n" >"$file"
  cat "$file" >/dev/null
  read -r aw ac am < <(measure "$runs" "$bin/partnerscope" aggregate --format json "$file")
  read -r bw bc bm < <(measure "$runs" "$bin/examples/bare_parse" "$file")
  read -r jw jc jm < <(measure 1 jq -n "$jq_filter" "$file")
  row "$n" "partnerscope aggregate" "$aw" "$ac" "$am"
  row "$n" "bare serde_json parse" "$bw" "$bc" "$bm"
  row "$n" "jq component means" "$jw" "$jc" "$jm"
  summary+=("$(awk -v n="$n" -v size="$(du -h "$file" | cut -f1)" \
    -v aw="$aw" -v ac="$ac" -v bw="$bw" -v bc="$bc" -v jw="$jw" 'BEGIN {
      printf "%s results (%s): aggregate / bare parse: wall %.2fx, CPU %.2fx; jq / aggregate: wall %.0fx",
        n, size, aw / bw, ac / bc, jw / aw }')")
  rm -f "$file"
done
echo
printf '%s\n' "${summary[@]}"
