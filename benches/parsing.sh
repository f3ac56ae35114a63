#!/usr/bin/env bash
# Benchmark: parsing large inputs, which must take time in proportion to
# their size. An answers file with 100,000 keys (each unknown, so the run
# ends with the error naming the first) and content whose self-reflection
# bank is about 11 MB (24,000 questions). Wall time, CPU time and peak memory
# from GNU time.
#
#   bash benches/parsing.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }

cargo build --release --quiet --bin partnerscope
bin=target/release/partnerscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, os, re, sys
work = sys.argv[1]
keys = {f"zz-key-{i}": 1 for i in range(100000)}
json.dump({"partnership": "X", "answers": keys}, open(f"{work}/keys.json", "w"))
src = open("questions/self-reflection.toml").read()
head, _, rest = src.partition("[[questions]]")
blocks = ("[[questions]]" + rest).split("[[questions]]\n")[1:]
out, n, size = [head], 0, len(head)
while size < 11_000_000:
    for b in blocks:
        b = re.sub(r'^id = "([^"]+)"', lambda m: f'id = "{m.group(1)}-{n}"', b, count=1, flags=re.M)
        out.append("[[questions]]\n" + b)
        size += len(out[-1])
    n += 1
os.makedirs(f"{work}/content/questions")
open(f"{work}/content/questions/self-reflection.toml", "w").write("".join(out))
PY

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
  # GNU time puts "Command exited with non-zero status" first when it did.
  read -r wall user kb < <(tail -n1 "$work/time")
  printf '| %-34s | %8.2f s | %8.2f s | %8.1f MiB |\n' "$label" "$wall" "$user" "$(echo "$kb / 1024" | bc -l)"
}

echo "| input                              |      wall |       CPU |    peak RSS |"
echo "|------------------------------------|-----------|-----------|-------------|"
measure "answers, 100,000 keys (1.9 MB)" "$bin" assess --answers "$work/keys.json"
measure "validate, 11 MB bank" "$bin" validate "$work/content"
measure "questions, 11 MB bank" "$bin" --content "$work/content" questions --format json
