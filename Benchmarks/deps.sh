#!/usr/bin/env bash
# Dependency audit benchmark: builds the release binary, generates a lock file of a few hundred
# packages from the advisory snapshot's package names, and times `taintline deps` on it
# (median of 3 runs), beside pip-audit when it can run (it needs the network: then just noted).
#
# Usage: Benchmarks/deps.sh [PACKAGES]   (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
db="$root/../shared/osv-pypi"
count="${1:-300}"
if [ ! -d "$db/vulns" ]; then
  echo "error: the advisory snapshot $db is missing (clone shared/ beside the repository)" >&2
  exit 2
fi

swift build -c release --product taintline >/dev/null
bin="$(swift build -c release --show-bin-path)/taintline"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A pylock.toml with $count packages: every k-th package directory of the snapshot, each locked
# at the first version its first advisory lists (so the audit has real matches to report).
python3 - "$db/vulns" "$count" "$work/pylock.toml" <<'PY'
import os, re, sys
vulns, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
dirs = sorted(d for d in os.listdir(vulns) if os.path.isdir(os.path.join(vulns, d)))
step = max(1, len(dirs) // count)
chosen = dirs[::step][:count]
lines = ['lock-version = "1.0"', 'created-by = "taintline-benchmark"', ""]
for d in chosen:
    version = "0.0.1"
    files = sorted(os.listdir(os.path.join(vulns, d)))
    if files:
        text = open(os.path.join(vulns, d, files[0]), encoding="utf-8").read()
        m = re.search(r"^  versions:\n  - ['\"]?([^'\"\n]+)", text, re.M)
        if m:
            version = m.group(1)
    lines += ["[[packages]]", f'name = "{d}"', f'version = "{version}"', ""]
open(out, "w").write("\n".join(lines))
print(f"lock file: {len(chosen)} packages of {len(dirs)} in the snapshot")
PY

run() { /usr/bin/time -f "%e %U" -o "$work/time" "$bin" deps "$1" --db "$db" --format json --output "$work/report.json" --exit-zero --library 2>/dev/null; cat "$work/time"; }
walls=(); users=()
for _ in 1 2 3; do
  read -r wall user < <(run "$work")
  walls+=("$wall"); users+=("$user")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
findings=$("$bin" deps "$work" --db "$db" --exit-zero --library 2>/dev/null | grep -c "DEP-VULN" || true)
printf 'taintline deps: %s packages, %s vulnerable pins: median of 3: %s s wall, %s s user CPU (walls: %s; load: %s)\n' \
  "$count" "$findings" "$(median "${walls[@]}")" "$(median "${users[@]}")" "${walls[*]}" "$(cut -d' ' -f1 /proc/loadavg)"

# Whole database, for reference: every package of the snapshot.
python3 - "$db/vulns" "$work/all/pylock.toml" <<'PY'
import os, sys
vulns, out = sys.argv[1], sys.argv[2]
os.makedirs(os.path.dirname(out), exist_ok=True)
dirs = sorted(d for d in os.listdir(vulns) if os.path.isdir(os.path.join(vulns, d)))
open(out, "w").write('lock-version = "1.0"\n\n' + "".join(f'[[packages]]\nname = "{d}"\nversion = "0.0.1"\n\n' for d in dirs))
PY
read -r wall user < <(run "$work/all")
printf 'taintline deps, every package of the snapshot (%s, all advisory files parsed): %s s wall, %s s user CPU\n' "$(ls -d "$db"/vulns/*/ | wc -l)" "$wall" "$user"

if command -v pip-audit >/dev/null 2>&1; then
  echo "pip-audit: installed, but it queries PyPI/OSV over the network for every run; not timed offline."
else
  echo "pip-audit: not run (it has no offline mode: every audit queries the PyPI or OSV web service)."
fi
