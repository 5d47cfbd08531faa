#!/usr/bin/env bash
# Mutation fuzzing of the parser: writes mutated copies of standard-library files (random byte
# deletions, insertions of syntax characters and random bytes, swaps; deterministic per seed)
# and runs `taintline parse` on them in batches. A crash (signal) or a hang (timeout) is
# reported with the file that triggers it, kept in .oracle/fuzz-crashes/.
#
# Usage: Scripts/fuzz-parser.sh [ROUNDS] [SEED]    (defaults: 2000 files, seed 1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-2000}"
SEED="${2:-1}"
SCRATCH="${TAINTLINE_SCRATCH:-.build-dump}"
swift build -c release --scratch-path "$SCRATCH" --product taintline >/tmp/taintline-fuzz-build.log 2>&1 \
  || { tail -30 /tmp/taintline-fuzz-build.log; exit 2; }
BIN="$SCRATCH/release/taintline"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p .oracle/fuzz-crashes

python3 - "$WORK" "$ROUNDS" "$SEED" <<'PYEOF'
import os, random, sys, sysconfig
out, rounds, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
root = sysconfig.get_paths()["stdlib"]
files = sorted(os.path.join(d, n) for d, ds, ns in os.walk(root) if "site-packages" not in d for n in ns if n.endswith(".py"))
syntax = b"()[]{}:'\"\\#\n\t =*@,.fbrtu\r\x00"
for i in range(rounds):
    data = bytearray(open(rng.choice(files), "rb").read()[:200_000])
    for _ in range(rng.randint(1, 12)):
        if not data:
            break
        at = rng.randrange(len(data))
        op = rng.randrange(5)
        if op == 0: del data[at]
        elif op == 1: data.insert(at, rng.choice(syntax))
        elif op == 2: data.insert(at, rng.randrange(256))
        elif op == 3:
            j = rng.randrange(len(data)); data[at], data[j] = data[j], data[at]
        else:  # duplicate a slice: deep nesting, long lines
            j = min(len(data), at + rng.randint(1, 200)); data[at:at] = data[at:j] * rng.randint(2, 50)
    with open(os.path.join(out, "m%05d.py" % i), "wb") as f:
        f.write(data)
PYEOF

crashes=0
for batch in $(ls "$WORK" | split -l 200 - "$WORK/batch." && ls "$WORK"/batch.*); do
  files=$(sed "s|^|$WORK/|" "$batch")
  status=0
  timeout 120 "$BIN" parse --quiet $files >/dev/null 2>&1 || status=$?
  if [ "$status" -gt 1 ]; then
    # Find the culprit(s) one by one.
    for f in $files; do
      s=0; timeout 20 "$BIN" parse --quiet "$f" >/dev/null 2>&1 || s=$?
      if [ "$s" -gt 1 ]; then
        crashes=$((crashes + 1)); cp "$f" .oracle/fuzz-crashes/
        echo "exit $s: .oracle/fuzz-crashes/$(basename "$f")"
      fi
    done
  fi
done
echo "$ROUNDS mutated files, $crashes crashing or hanging (seed $SEED)"
[ "$crashes" -eq 0 ]
