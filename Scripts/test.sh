#!/usr/bin/env bash
# The test command. On a fresh machine it installs what the tests need: the Python packages in
# Tests/Support/requirements.lock (exact versions, verified against their hashes) into
# .venv-tests, then builds and runs every test. Nothing is resolved against the registry's
# newest versions: the lock alone decides what is installed (see Tests/Support/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
venv="$root/.venv-tests"
lock="$root/Tests/Support/requirements.lock"
stamp="$venv/.taintline-lock.sha256"
want="$(sha256sum "$lock" | cut -d' ' -f1)"
# A venv made from another lock may hold other versions: start it anew rather than patch it.
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r "$lock"
  echo "$want" > "$stamp"
fi
# The HTML report is tested in a real headless browser: Debian's chromium (about 35 s to install
# with apt-get update on a fresh machine; the test says it skipped when chromium is absent).
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium \
    || echo "warning: could not install chromium; the HTML browser test will skip" >&2
fi
# Tests find the interpreter (with the packages above) here; plain python3 is the CPython oracle too.
export TAINTLINE_TEST_PYTHON="$venv/bin/python"
# The same results whatever the machine's locale and time zone.
export LC_ALL=C.UTF-8 TZ=UTC
# WheelTests builds the release wheel (Scripts/build-wheel.sh: one release build with the Swift
# runtime linked statically, into .build-wheel since `swift test` holds .build; several minutes on
# a 2-core machine) and installs it into a new venv.
export TAINTLINE_TEST_WHEEL=1
swift build
swift test
