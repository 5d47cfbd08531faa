#!/usr/bin/env bash
# Whole-scan speed, memory and system calls against ruff's S rules and bandit, on the same trees in
# the same run, then how the cost scales with the size of generated inputs.
#
# Usage: Benchmarks/scan.sh [TREE...]
#   default trees: the Django package of .venv-tests (when the test venv exists) and the local
#   python3's standard library (its site-packages left out).
# Environment: RUNS (default 3, the median is shown), BANDIT=0 to leave bandit out (it takes
#   minutes on the stdlib), SCALE (default 10000: the N of the scaling shapes, run at N and 2N).
#
# Prints, per tree: wall time (median), peak resident memory (largest of the runs) and the ratio
# to ruff for `taintline scan` (every analysis, no cache), `taintline deps`, ruff and bandit; and, when
# strace is installed, taintline's system calls (all, and openat). Then the scan cache on the same
# tree: the cold scan that fills it, the warm re-scan of the unchanged tree and a re-scan after a
# comment is appended to one module, each with its ratio to the cold scan (target: warm at most
# 0.3x). Then, per shape (one module of
# N functions, one function of N statements, one file of N findings, one file of N secrets, N files), the time at N and
# at 2N and their ratio: about 2 is linear, about 4 quadratic.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
runs="${RUNS:-3}"
scale="${SCALE:-10000}"
ruff_version="0.17.5"
bandit_version="1.9.4"
venv=".venv-bench"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "ruff==$ruff_version" "bandit==$bandit_version"
scratch="${TAINTLINE_SCRATCH:-.build}"
swift build -c release --scratch-path "$scratch" --product taintline >/dev/null
bin="$scratch/release/taintline"
ruff="$venv/bin/ruff"
bandit="$venv/bin/bandit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

trees=("$@")
if [ ${#trees[@]} -eq 0 ]; then
  django=$(ls -d "$root"/.venv-tests/lib/python3*/site-packages/django 2>/dev/null | head -1 || true)
  [ -n "$django" ] && trees+=("$django")
  trees+=("$(python3 -c 'import sysconfig;print(sysconfig.get_paths()["stdlib"])')")
fi

# measure command... -> "median-seconds peak-KB" over $runs runs (GNU time when present).
measure() {
  python3 - "$runs" "$@" <<'PY'
import resource, subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
times, peak = [], 0
for _ in range(runs):
    start = time.monotonic()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.monotonic() - start)
    peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
times.sort()
print(f"{times[len(times) // 2]:.3f} {peak}")
PY
}

# syscalls command... -> "total openat" from strace -c -f, or "- -" without strace.
syscalls() {
  if ! command -v strace >/dev/null 2>&1; then echo "- -"; return; fi
  strace -c -f -o "$work/strace" "$@" >/dev/null 2>&1 || true
  awk '$NF == "total" { total = $(NF-2) } $NF == "openat" { open = $4 } END { print (total ? total : "-"), (open ? open : "-") }' "$work/strace"
}

row() { # label seconds peakKB reference-seconds [syscalls openat]
  local ratio
  ratio=$(python3 -c "print(f'{$2/$4:5.1f}x ruff')")
  printf '  %-26s %8.2f s  peak %6.0f MB  %s' "$1" "$2" "$(python3 -c "print($3/1024)")" "$ratio"
  if [ -n "${5:-}" ] && [ "$5" != "-" ]; then printf '  syscalls %s (openat %s)' "$5" "$6"; fi
  printf '\n'
}

# cached tree: the scan cache on a copy of the tree (so an edit touches no real file), in a
# cache folder of its own: cold without the cache, cold filling it (emptied before each run), warm
# (nothing changed), and one comment appended to one module before each run (that file is analysed again, and the project's facts
# worked out again, found equal, so no other module's rules run).
cached() {
  local copy="$work/cached-tree" cache="$work/cache"
  rm -rf "$copy" "$cache"
  cp -R "$1" "$copy"
  local module
  module=$(find "$copy" -name '*.py' -not -path '*/site-packages/*' -size +1k | sort | head -1)
  python3 - "$runs" "$bin" "$copy" "$cache" "$module" <<'PY'
import shutil, subprocess, sys, time
runs, binary, tree, cache, module = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
scan = [binary, "scan", tree, "--format", "json", "--exit-zero", "--quiet", "--cache-dir", cache]
def timed(before=None, command=scan):
    times = []
    for run in range(runs):
        if before: before(run)
        start = time.monotonic()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.monotonic() - start)
    return sorted(times)[len(times) // 2]
bare = timed(command=scan[:-2] + ["--no-cache"])
cold = timed(lambda run: shutil.rmtree(cache, ignore_errors=True))
warm = timed()
def edit(run):
    with open(module, "a") as f:
        f.write(f"# benchmark edit {run}\n")
edited = timed(edit)
print(f"  scan cache (copy of the tree; one module edited: {module[len(tree) + 1:]})")
print(f"    cold, --no-cache         {bare:8.2f} s")
print(f"    cold, filling the cache  {cold:8.2f} s  {cold / bare:5.2f}x")
print(f"    warm, nothing changed    {warm:8.2f} s  {warm / bare:5.2f}x cold (target at most 0.3x)")
print(f"    one comment appended     {edited:8.2f} s  {edited / bare:5.2f}x cold")
PY
  rm -rf "$copy" "$cache"
}

echo "ruff $ruff_version, bandit $bandit_version, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); median of $runs runs"
for tree in "${trees[@]}"; do
  # Installed packages below the tree (the stdlib's site-packages) are left out by every tool:
  # taintline and ruff by default, bandit by -x. A tree that is itself inside one is scanned.
  skip=(-not -path "$tree/site-packages/*" -not -path "$tree/*/site-packages/*")
  bandit_skip=()
  [ -d "$tree/site-packages" ] && bandit_skip=(-x "$tree/site-packages")
  files=$(find "$tree" -type f "${skip[@]}" | wc -l)
  py=$(find "$tree" -name '*.py' "${skip[@]}" | wc -l)
  mb=$(find "$tree" -name '*.py' "${skip[@]}" -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  printf '\n%s: %s files, %s Python (%.1f MB)\n' "$tree" "$files" "$py" "$(python3 -c "print($mb/1e6)")"
  read -r t_ruff m_ruff < <(measure "$ruff" check --no-cache --select S --exit-zero --output-format json "$tree")
  read -r t_scan m_scan < <(measure "$bin" scan "$tree" --format json --exit-zero --no-cache)
  read -r s_scan o_scan < <(syscalls "$bin" scan "$tree" --format json --exit-zero --no-cache)
  read -r t_deps m_deps < <(measure "$bin" deps "$tree" --db "$root/../shared/osv-pypi" --format json --exit-zero)
  read -r s_deps o_deps < <(syscalls "$bin" deps "$tree" --db "$root/../shared/osv-pypi" --format json --exit-zero)
  row "taintline scan" "$t_scan" "$m_scan" "$t_ruff" "$s_scan" "$o_scan"
  row "taintline deps" "$t_deps" "$m_deps" "$t_ruff" "$s_deps" "$o_deps"
  row "ruff --select S" "$t_ruff" "$m_ruff" "$t_ruff"
  if [ "${BANDIT:-1}" != "0" ]; then
    read -r t_bandit m_bandit < <(measure "$bandit" -r -q -f json "${bandit_skip[@]}" "$tree")
    row "bandit -r" "$t_bandit" "$m_bandit" "$t_ruff"
  fi
  cached "$tree"
done

# Scaling: each shape generated at N and 2N; the ratio of the times says how cost grows.
generate() { # shape n folder
  python3 - "$@" <<'PY'
import os, sys
shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)
def write(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)
if shape == "functions":
    write("m.py", "".join(f"def f{k}(a):\n    return a + {k}\n\n" for k in range(n)))
elif shape == "statements":
    write("m.py", "def main(a):\n" + "".join(f"    x{k} = a + {k}\n" for k in range(n)) + "    return a\n")
elif shape == "findings":
    write("m.py", "import subprocess\n\ndef run(cmd):\n" + "".join(f"    subprocess.call(cmd + '{k}', shell=True)\n" for k in range(n)))
elif shape == "secrets":
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    key = lambda k: "AKIA" + "".join(alphabet[((k >> (5 * p)) * 7 + p * 13) % 32] for p in range(16))
    write("settings.py", "".join(f"AWS_KEY_{k} = '{key(k)}'\n" for k in range(n)))
elif shape == "files":
    for k in range(n):
        write(f"m{k}.py", f"import os\nfrom m{(k + 1) % n} import f{(k + 1) % n}\n\ndef f{k}(a):\n    return os.path.join(a, '{k}')\n")
PY
}
printf '\nscaling (N = %s; time at 2N / time at N: 2 is linear, 4 quadratic)\n' "$scale"
for shape in functions statements findings secrets files; do
  n=$scale
  [ "$shape" = "files" ] && n=$((scale / 5))
  generate "$shape" "$n" "$work/$shape-1"
  generate "$shape" $((2 * n)) "$work/$shape-2"
  # Text output: its code frames read the files and mask every credential they show.
  read -r t1 _ < <(measure "$bin" scan "$work/$shape-1" --exit-zero --no-cache)
  read -r t2 _ < <(measure "$bin" scan "$work/$shape-2" --exit-zero --no-cache)
  read -r r1 _ < <(measure "$ruff" check --no-cache --select S --exit-zero --output-format json "$work/$shape-1")
  read -r r2 _ < <(measure "$ruff" check --no-cache --select S --exit-zero --output-format json "$work/$shape-2")
  printf '  %-11s N=%-6s taintline %7.2f s -> %7.2f s (%4.1fx)   ruff %6.2f s -> %6.2f s (%4.1fx)\n' \
    "$shape" "$n" "$t1" "$t2" "$(python3 -c "print($t2/$t1)")" "$r1" "$r2" "$(python3 -c "print($r2/max($r1,1e-3))")"
  rm -rf "$work/$shape-1" "$work/$shape-2"
done
