#!/usr/bin/env bash
# Regenerates Tests/Support/requirements.lock from Tests/Support/requirements.in: every package
# the tests install and each of their dependencies, at an exact version, with the hashes of all of
# its published files (so pip --require-hashes accepts the wheel or sdist of any platform).
# Run it after editing requirements.in; commit both files. Needs PyPI; the tests themselves do not
# resolve anything, they install exactly what the lock says.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools/venv"
"$tools/venv/bin/python" -m pip install --quiet --disable-pip-version-check "pip-tools==7.7.0"
"$tools/venv/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
  --output-file Tests/Support/requirements.lock Tests/Support/requirements.in
# pip-compile writes the command that produced the file; name this script instead.
sed -i 's|^#    pip-compile .*|#    bash Scripts/lock-test-requirements.sh|' Tests/Support/requirements.lock
echo "wrote Tests/Support/requirements.lock"
