#!/usr/bin/env bash
# The test command: installs what the tests need (Python tools from PyPI), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build
swift test
