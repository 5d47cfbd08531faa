#!/usr/bin/env bash
# Builds the advisory snapshot Taintline carries (Sources/Dependencies/Resources/osv-pypi-snapshot.tsv)
# from an OSV database: by default ../shared/osv-pypi (a checkout of the PyPA advisory-database,
# vulns/<package>/*.yaml), or any folder or osv.dev zip export given as the first argument.
# It runs `taintline db snapshot`, so the snapshot is read back by the same code that wrote it;
# DependenciesTests checks that the committed file is what this script writes from ../shared/osv-pypi.
#
#   bash Scripts/build-advisory-snapshot.sh [SOURCE] [NAME]
#
# NAME (what reports call the database) defaults to "PyPA advisory-database <commit>", the commit
# taken from SOURCE's git history or from the "commit <sha>" its README names.
# Set SCRATCH_PATH to build in another folder than .build.
set -euo pipefail
cd "$(dirname "$0")/.."
source="${1:-../shared/osv-pypi}"
out="Sources/Dependencies/Resources/osv-pypi-snapshot.tsv"
name="${2:-}"
if [ -z "$name" ]; then
  commit="$(git -C "$source" rev-parse HEAD 2>/dev/null || grep -oE 'commit [0-9a-f]{40}' "$source/README.md" 2>/dev/null | head -1 | cut -d' ' -f2 || true)"
  if [ -n "$commit" ]; then name="PyPA advisory-database ${commit:0:7}"; else name="$(basename "$source")"; fi
fi
# The package declares the snapshot as a resource: on a first build it must exist, even empty.
mkdir -p "$(dirname "$out")"
[ -f "$out" ] || : > "$out"
swift build --scratch-path "${SCRATCH_PATH:-.build}" --product taintline
"${SCRATCH_PATH:-.build}/debug/taintline" db snapshot "$source" --output "$out" --name "$name"
