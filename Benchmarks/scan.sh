#!/usr/bin/env bash
# Code-scan speed against bandit and ruff's S rules, on the same tree in the same run.
# Usage: Benchmarks/scan.sh [TREE]   (default: the local python3's standard library)
# Prints wall time (median of 3), MB/s and the ratio of each peer's time to Taintline's.
set -euo pipefail
cd "$(dirname "$0")/.."
tree="${1:-$(python3 -c 'import sysconfig;print(sysconfig.get_paths()["stdlib"])')}"
venv=".venv-bench"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check bandit ruff
swift build -c release --product taintline >/dev/null
bin=".build/release/taintline"
mb=$(find "$tree" -name '*.py' -not -path '*/site-packages/*' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
mb=$(python3 -c "print(round($mb/1e6,1))")

median() { # command... -> median wall seconds of 3 runs
  local times=()
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    times+=("$(python3 -c "print($end-$start)")")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}

t_tl=$(median "$bin" scan "$tree" --skip dependencies --skip secrets --format json --exit-zero --no-default-excludes)
t_bandit=$(median "$venv/bin/bandit" -r -q -f json "$tree")
t_ruff=$(median "$venv/bin/ruff" check --no-cache --select S --exit-zero --output-format json "$tree")
printf 'tree: %s (%s MB of Python)\n' "$tree" "$mb"
printf '%-22s %8.2f s  %7.1f MB/s\n' "taintline scan" "$t_tl" "$(python3 -c "print($mb/$t_tl)")"
printf '%-22s %8.2f s  %7.1f MB/s  (%.1fx taintline time)\n' "bandit" "$t_bandit" "$(python3 -c "print($mb/$t_bandit)")" "$(python3 -c "print($t_bandit/$t_tl)")"
printf '%-22s %8.2f s  %7.1f MB/s  (%.1fx taintline time)\n' "ruff --select S" "$t_ruff" "$(python3 -c "print($mb/$t_ruff)")" "$(python3 -c "print($t_ruff/$t_tl)")"
