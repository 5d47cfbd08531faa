#!/usr/bin/env bash
# Builds a platform wheel of Taintline into dist/: the release binary, linked with the Swift
# runtime statically (so it runs where Swift is not installed), the way ruff ships its binary.
#
#   bash Scripts/build-wheel.sh            # then: pip install dist/taintline-*.whl
#
# The wheel holds
#   taintline-V.data/scripts/taintline                          -> <prefix>/bin/taintline (on PATH)
#   taintline-V.data/data/share/taintline/osv-pypi-snapshot.tsv -> the built-in advisories, which
#                                                                  the binary finds at ../share/taintline/
#   taintline/__init__.py, __main__.py                          -> python -m taintline
# Its tag is manylinux_2_X_<arch> when the binary links only libraries the manylinux policy
# allows (X from the newest glibc symbol it uses), else linux_<arch> (libcurl, which HTTPS probes
# need, is not in that policy: the wheel then needs the system's libcurl.so.4).
# Set SCRATCH_PATH to build in another folder than .build.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SCRATCH_PATH:-.build}"
# The static Foundation brings FoundationNetworking (HTTPS probes), which links libcurl; the binary
# then needs the system's libcurl.so.4 at run time, as most distributions ship it. Without the
# development package (no libcurl.so for the linker), link against the runtime library through
# a symlink in the scratch folder.
flags=(-c release --static-swift-stdlib --scratch-path "$scratch")
if ! ldconfig -p | grep -qE '^\s*libcurl\.so '; then
  runtime="$(ldconfig -p | awk '$1 == "libcurl.so.4" && !/gnutls|nss/ {print $NF; exit}')"
  [ -n "$runtime" ] || { echo "build-wheel: no libcurl.so.4 on this machine (install libcurl4)" >&2; exit 1; }
  mkdir -p "$scratch/wheel-link"
  ln -sf "$runtime" "$scratch/wheel-link/libcurl.so"
  flags+=(-Xlinker -L"$(cd "$scratch/wheel-link" && pwd)")
fi
swift build "${flags[@]}" --product taintline
bindir="$(swift build "${flags[@]}" --show-bin-path)"
binary="$bindir/taintline"
snapshot="$bindir/Taintline_Dependencies.resources/osv-pypi-snapshot.tsv"
[ -f "$snapshot" ] || { echo "build-wheel: $snapshot is missing" >&2; exit 1; }
if ldd "$binary" | grep -q 'libswift\|libFoundation\|libdispatch'; then
  echo "build-wheel: $binary links the Swift runtime dynamically:" >&2
  ldd "$binary" >&2
  exit 1
fi
version="$(sed -n 's/^public let taintlineVersion = "\(.*\)"$/\1/p' Sources/Findings/ScanReport.swift)"
needed="$(objdump -p "$binary" | awk '/NEEDED/{print $2}' | tr '\n' ' ')"
glibc="$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)"
mkdir -p dist
# One wheel in dist/, so `pip install dist/taintline-*.whl` names exactly one file.
rm -f dist/taintline-*.whl
python3 - "$binary" "$snapshot" "$version" "$(uname -m)" "$glibc" "$needed" <<'PY'
import base64, hashlib, os, sys, zipfile
binary, snapshot, version, arch, glibc, needed = sys.argv[1:7]
# Libraries a manylinux wheel may link (PEP 600, the policy auditwheel applies).
allowed = {"libc.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libpthread.so.0", "libgcc_s.so.1",
           "libstdc++.so.6", "libutil.so.1", "libresolv.so.2", "libnsl.so.1", "ld-linux-x86-64.so.2",
           "ld-linux-aarch64.so.1"}
libs = set(needed.split())
major, minor = (glibc.split(".") + ["0"])[:2]
tag = f"manylinux_{major}_{minor}_{arch}" if glibc and libs <= allowed else f"linux_{arch}"
name = f"taintline-{version}"
readme = open("README.md", encoding="utf-8").read()
metadata = f"""Metadata-Version: 2.1
Name: taintline
Version: {version}
Summary: A security auditor for Python web applications (Flask, Quart, FastAPI, Django, Starlette), in one native binary.
License: advisory snapshot CC-BY-4.0 (Python Packaging Authority advisory database, OSV)
Requires-Python: >=3.8
Description-Content-Type: text/markdown

{readme}"""
wheel = f"""Wheel-Version: 1.0
Generator: taintline Scripts/build-wheel.sh
Root-Is-Purelib: false
Tag: py3-none-{tag}
"""
files = [
    ("taintline/__init__.py", open("Packaging/python/taintline/__init__.py", "rb").read(), 0o644),
    ("taintline/__main__.py", open("Packaging/python/taintline/__main__.py", "rb").read(), 0o644),
    (f"{name}.data/scripts/taintline", open(binary, "rb").read(), 0o755),
    (f"{name}.data/data/share/taintline/osv-pypi-snapshot.tsv", open(snapshot, "rb").read(), 0o644),
    (f"{name}.dist-info/METADATA", metadata.encode(), 0o644),
    (f"{name}.dist-info/WHEEL", wheel.encode(), 0o644),
]
def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
record = "".join(f"{path},{digest(data)},{len(data)}\n" for path, data, _ in files) + f"{name}.dist-info/RECORD,,\n"
files.append((f"{name}.dist-info/RECORD", record.encode(), 0o644))
out = f"dist/{name}-py3-none-{tag}.whl"
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for path, data, mode in files:
        info = zipfile.ZipInfo(path, date_time=(2024, 1, 1, 0, 0, 0))
        info.external_attr = (0o100000 | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
print(f"wrote {out} ({os.path.getsize(out) // 1024} KiB; links {', '.join(sorted(libs))})")
PY
