#!/usr/bin/env bash
# The test command. On a fresh machine it installs what the tests need (Python packages from
# PyPI into .venv-tests, listed in Tests/Support/requirements-*.txt), then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
venv="$root/.venv-tests"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
shopt -s nullglob
reqs=(Tests/Support/requirements-*.txt)
if [ ${#reqs[@]} -gt 0 ]; then
  args=()
  for r in "${reqs[@]}"; do args+=(-r "$r"); done
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${args[@]}"
fi
# Tests find the interpreter (with the packages above) here; plain python3 is the CPython oracle too.
export TAINTLINE_TEST_PYTHON="$venv/bin/python"
swift build
swift test
