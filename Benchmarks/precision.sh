#!/usr/bin/env bash
# Precision on production code: scans 11 open-source web apps (Django, DRF, Flask, FastAPI,
# Starlette; pinned wheels from PyPI, checked against their sha256 in precision/apps.txt) and
# scores the findings against the hand judgments in precision/judged.json (every High finding
# and a seeded sample of 8 Medium ones per app, each judged TRUE, FALSE or DEBATABLE by reading
# the code). Prints, per app, the High and Medium counts, and over all apps what happened to the
# judged findings (gone, lowered below the judged severity, kept) and the false-alarm rates.
#
# Usage: Benchmarks/precision.sh   (PRECISION_DIR, default .precision-apps, holds the apps)
# Needs PyPI the first time (the wheels are kept); the scan itself is offline.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${PRECISION_DIR:-.precision-apps}"
swift build -c release --product taintline >/dev/null
bin="$(swift build -c release --show-bin-path)/taintline"
mkdir -p "$work/dl" "$work/out"
while read -r dir wheel sha; do
  case "$dir" in ''|\#*) continue ;; esac
  if [ ! -d "$work/$dir" ]; then
    stem="${wheel%%-py*}"
    if [ ! -f "$work/dl/$wheel" ]; then
      python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: -d "$work/dl" "${stem%-*}==${stem##*-}"
    fi
    echo "$sha  $work/dl/$wheel" | sha256sum --check --quiet
    mkdir -p "$work/$dir"
    (cd "$work/$dir" && unzip -q -o "../dl/$wheel")
    # What an attacker cannot reach: packaging metadata, static bundles, translations, tests.
    find "$work/$dir" -depth \( -name '*.dist-info' -o -type d \( -name tests -o -name test -o -name testing -o -name regression \) \) -exec rm -rf {} +
    find "$work/$dir" -type f \( -name '*.js' -o -name '*.css' -o -name '*.map' -o -name '*.mo' -o -name '*.po' -o -name '*.pot' \
      -o -name '*.scss' -o -name '*.less' -o -name '*.gz' -o -name '*.png' -o -name '*.jpg' -o -name '*.gif' -o -name '*.svg' -o -name '*.ico' \
      -o -name '*.woff' -o -name '*.woff2' -o -name '*.ttf' -o -name '*.eot' -o -name 'test_*.py' -o -name '*_test.py' -o -name 'tests.py' \
      -o -name 'conftest.py' \) -delete
  fi
  start=$(date +%s.%N)
  (cd "$work" && "$bin" scan "$dir" --format json --no-cache --no-config --quiet --exit-zero --allow-failed-files --jobs 1 \
     --skip secrets --skip dependencies --skip deploy --skip project > "out/$dir.json" 2> "out/$dir.err")
  printf '%-18s scanned in %.1f s\n' "$dir" "$(echo "$(date +%s.%N) - $start" | bc)"
done < Benchmarks/precision/apps.txt
python3 Benchmarks/precision/score.py "$work/out" Benchmarks/precision/judged.json
