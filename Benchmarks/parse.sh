#!/usr/bin/env bash
# Parser throughput: `taintline parse` (all cores, then one core) against CPython's ast.parse
# over the same files (the local python3's standard library, site-packages excluded), in one
# run. Prints MB/s for each (median of 3 runs) and the ratios.
#
# Usage: Benchmarks/parse.sh [PYTHON] [FOLDER]
# taintline's time is the one it reports (reading + decoding + parsing, process start and
# file discovery excluded); CPython's is ast.parse alone on bytes already in memory.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${1:-python3}"
DIR="${2:-$("$PY" -c 'import sysconfig;print(sysconfig.get_paths()["stdlib"])')}"
SCRATCH="${TAINTLINE_SCRATCH:-.build-dump}"
RUNS=3

swift build -c release --scratch-path "$SCRATCH" --product taintline >/tmp/taintline-bench-build.log 2>&1 \
  || { tail -30 /tmp/taintline-bench-build.log; exit 2; }
BIN="$SCRATCH/release/taintline"
LIST=$(mktemp)
trap 'rm -f "$LIST"' EXIT
find "$DIR" -name '*.py' -not -path '*/site-packages/*' | LC_ALL=C sort >"$LIST"
FILES=$(wc -l <"$LIST")
BYTES=$(tr '\n' '\0' <"$LIST" | xargs -0 cat | wc -c)
CORES=$(nproc)

# Seconds reported by `taintline parse` (summary line on stderr: "... in 1.23 s) ...").
taintline_seconds() {
  tr '\n' '\0' <"$LIST" | xargs -0 "$BIN" parse --quiet "$@" 2>&1 >/dev/null | sed -n 's/.* in \([0-9.]*\) s).*/\1/p' | head -1
}

median() { sort -g | sed -n "$(( (RUNS + 1) / 2 ))p"; }

all=$(for _ in $(seq $RUNS); do taintline_seconds || true; done | median)
one=$(for _ in $(seq $RUNS); do taintline_seconds --jobs 1 || true; done | median)
cpy=$("$PY" - "$LIST" "$RUNS" <<'PYEOF'
import ast, sys, time, warnings
warnings.simplefilter("ignore")
paths = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
data = []
for p in paths:
    with open(p, "rb") as f:
        data.append(f.read())
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    for d in data:
        try:
            ast.parse(d)
        except (SyntaxError, ValueError, UnicodeError, RecursionError, MemoryError):
            pass
    times.append(time.perf_counter() - t)
times.sort()
print(times[len(times) // 2])
PYEOF
)

awk -v b="$BYTES" -v f="$FILES" -v all="$all" -v one="$one" -v cpy="$cpy" -v cores="$CORES" 'BEGIN {
  mb = b / 1e6
  printf "%d files, %.1f MB (median of 3 runs)\n", f, mb
  printf "taintline parse, %d cores : %7.2f s  %7.1f MB/s\n", cores, all, mb / all
  printf "taintline parse, 1 core   : %7.2f s  %7.1f MB/s\n", one, mb / one
  printf "CPython ast.parse, 1 core : %7.2f s  %7.1f MB/s\n", cpy, mb / cpy
  printf "ratio (taintline 1 core / CPython): %.2fx; all cores / CPython: %.2fx\n", cpy / one, cpy / all
}'
