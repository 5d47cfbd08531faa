#!/usr/bin/env bash
# Compares Taintline's parser with CPython on every .py file of the local python3's standard
# library (site-packages excluded): builds the release binary, dumps every file with CPython's
# ast (one python3 process) and with `taintline dump-ast --include-attributes`, and writes each
# mismatch (file, context around the first difference) to .oracle/failures.txt.
#
# Usage: Scripts/oracle.sh [PYTHON] [FOLDER]   (defaults: python3, its stdlib)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${1:-python3}"
STDLIB="${2:-$("$PY" -c 'import sysconfig;print(sysconfig.get_paths()["stdlib"])')}"
SCRATCH="${TAINTLINE_SCRATCH:-.build-dump}"
OUT=.oracle
mkdir -p "$OUT"

swift build -c release --scratch-path "$SCRATCH" --product taintline >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 2; }
BIN="$SCRATCH/release/taintline"

find "$STDLIB" -name '*.py' -not -path '*/site-packages/*' | LC_ALL=C sort >"$OUT/files.txt"
rm -rf "$OUT/cpython"
"$PY" Scripts/cpython_dump.py "$OUT/cpython" <"$OUT/files.txt" >/dev/null
tr '\n' '\0' <"$OUT/files.txt" | xargs -0 "$BIN" dump-ast --include-attributes >"$OUT/taintline.txt" || true
"$PY" Scripts/oracle_compare.py "$OUT/files.txt" "$OUT/cpython" "$OUT/taintline.txt" "$OUT/failures.txt"
