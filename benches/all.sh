#!/usr/bin/env bash
# Every benchmark in one run, headed with the date and the machine, as the
# README's performance section quotes them.
#
#   bash benches/all.sh              # about 15 minutes and 3 GB of space
#   bash benches/all.sh --national   # adds the 50,000-partnership run
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ { print $2 }') GiB of memory, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Build: $(git rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout'), $(rustc --version)"
for bench in startup aggregate scale parsing; do
  echo
  echo "## $bench"
  echo
  if [ "$bench" = scale ]; then
    bash "benches/$bench.sh" "$@"
  elif [ "$bench" = startup ]; then
    bash "benches/$bench.sh" --static
  else
    bash "benches/$bench.sh"
  fi
done
