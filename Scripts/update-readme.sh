#!/usr/bin/env bash
# Regenerates the README's rule table from the rules themselves (`taintline rules --format markdown`).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product taintline >/dev/null
table="$(.build/debug/taintline rules --format markdown)"
python3 - "$table" <<'PY'
import sys, re
table = sys.argv[1].strip()
text = open("README.md").read()
start, end = "<!-- rules:start -->", "<!-- rules:end -->"
if start not in text:
    raise SystemExit("README.md has no rules block")
before, rest = text.split(start, 1)
_, after = rest.split(end, 1)
open("README.md", "w").write(before + start + "\n" + table + "\n" + end + after)
PY
echo "README rule table regenerated"
