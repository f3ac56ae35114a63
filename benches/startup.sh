#!/usr/bin/env bash
# Benchmark: what a command costs to start, which should be little more than
# starting any program. Each command's CPU time (user + system, from
# hyperfine: the median of five passes' means) beside that of `true`, and,
# when valgrind is there, the instructions each one executes, which do not
# vary from run to run.
#
#   bash benches/startup.sh
#   bash benches/startup.sh --static   # also a statically linked build
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
for tool in hyperfine jq; do
  command -v "$tool" >/dev/null || { echo "$tool is needed: apt-get install $tool" >&2; exit 1; }
done

cargo build --release --quiet --bin partnerscope
bin=target/release/partnerscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --static adds the same commands from a statically linked build (Linux
# with glibc), which skips loading shared libraries. It is built in its own
# folder, as only the final link may be static.
static=false
[ "${1:-}" = "--static" ] && static=true
if $static; then
  CARGO_TARGET_DIR=target/static cargo rustc --release --quiet --bin partnerscope \
    -- -C target-feature=+crt-static
  cp target/static/release/partnerscope "$work/partnerscope-static"
fi

commands=(
  "--version"
  "assess --answers examples/early-partnership.toml --format json"
  "questions"
  "resources"
  "template"
  "validate"
)
runs=("true")
for c in "${commands[@]}"; do runs+=("$bin $c"); done
if $static; then
  for c in "${commands[@]}"; do runs+=("$work/partnerscope-static $c"); done
fi

# -N runs each command directly, so no shell's start-up is counted. The
# machine's speed drifts while other programs come and go, so the commands
# are timed in five passes of 40 runs each, in turn, and each command's CPU
# time is the median of its five; a drift then moves every command alike.
passes=5
for pass in $(seq "$passes"); do
  hyperfine -N --warmup 5 --runs 40 --style none --export-json "$work/pass-$pass.json" \
    "${runs[@]}" >/dev/null 2>"$work/hyperfine.log" || { cat "$work/hyperfine.log" >&2; exit 1; }
done
jq -s '[map(.results) | transpose[] | {command: .[0].command, cpu: ([.[] | .user + .system] | sort | .[length / 2 | floor])}]' \
  "$work"/pass-*.json >"$work/times.json"

# Page faults, from GNU time: on a virtual machine each fresh page a program
# touches costs microseconds, which is much of a short command's time.
for run in "${runs[@]}"; do
  # shellcheck disable=SC2086 # each run is a command and its arguments
  /usr/bin/time -f "%R" -o "$work/faults" $run >/dev/null 2>&1
  tail -n1 "$work/faults"
done >"$work/faults.txt"

echo "| command | cpu ms | ratio to true | page faults |"
echo "|---------|-------:|--------------:|------------:|"
jq -r '.[] | [(.command | sub("^target/release/"; "") | sub("^/.*/partnerscope-static"; "partnerscope (static)")), .cpu] | @tsv' "$work/times.json" |
  paste - "$work/faults.txt" |
  awk -F'\t' 'NR == 1 { base = $2 } { printf "| %s | %.2f | %.2f | %d |\n", $1, $2 * 1000, $2 / base, $3 }'

if command -v valgrind >/dev/null; then
  echo
  echo "| command | instructions |"
  echo "|---------|-------------:|"
  for run in "${runs[@]}"; do
    # shellcheck disable=SC2086 # each run is a command and its arguments
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" $run \
      >/dev/null 2>"$work/callgrind.log"
    count=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/callgrind.log")
    label=$(sed -e 's#^target/release/##' -e 's#^/.*/partnerscope-static#partnerscope (static)#' <<<"$run")
    printf '| %s | %s |\n' "$label" "$count"
  done
fi
