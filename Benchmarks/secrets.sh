#!/usr/bin/env bash
# Secret-scan speed and memory against detect-secrets (PyPI), on the same input in the same run:
#  1. a large tree: the local python3's standard library with its site-packages;
#  2. a git history of thousands of commits that this script builds itself (in a temp folder).
# Usage: Benchmarks/secrets.sh [TREE] [COMMITS]   (defaults: the stdlib; 3000 commits)
# Prints wall time, MB/s and peak resident memory (GNU time) for each tool, and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
tree="${1:-$(python3 -c 'import sysconfig;print(sysconfig.get_paths()["stdlib"])')}"
commits="${2:-3000}"
venv=".venv-bench"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check detect-secrets
swift build -c release --product taintline >/dev/null
bin="$PWD/.build/release/taintline"
detect="$PWD/$venv/bin/detect-secrets"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME command... -> "seconds peakKB" using /usr/bin/time if present, else python's resource module.
# The command's standard output goes to $out (so the reports can be counted).
out=/dev/null
measure() {
  python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
with open(sys.argv[1], "wb") as sink:
    subprocess.run(sys.argv[2:], stdout=sink, stderr=subprocess.DEVNULL)
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux
print(f"{elapsed:.3f} {peak}")
PY
}

bytes=$(find "$tree" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
mb=$(python3 -c "print(round($bytes/1e6,1))")
report() { # label seconds peakKB [reference seconds]
  local ratio=""
  if [ -n "${4:-}" ]; then ratio=$(python3 -c "print(f'  ({$2/$4:.1f}x taintline time)')"); fi
  printf '%-34s %8.2f s  %7.1f MB/s  peak %6.0f MB%s\n' "$1" "$2" "$(python3 -c "print($mb/$2)")" "$(python3 -c "print($3/1024)")" "$ratio"
}

echo "tree: $tree ($mb MB, $(find "$tree" -type f | wc -l) files)"
out="$work/taintline.json"
read -r t_tl m_tl < <(measure "$bin" secrets "$tree" --format json --exit-zero --no-gitignore)
out="$work/detect-secrets.json"
# detect-secrets reports nothing for an absolute path outside its working folder: run it inside.
read -r t_ds m_ds < <(measure bash -c 'cd "$1" && exec "$2" scan --all-files .' _ "$tree" "$detect")
out=/dev/null
report "taintline secrets" "$t_tl" "$m_tl"
report "detect-secrets scan --all-files" "$t_ds" "$m_ds" "$t_tl"
python3 - "$work/taintline.json" "$work/detect-secrets.json" <<'PY'
import json, sys
def load(path):
    try:
        with open(path) as f: return json.load(f)
    except Exception as error:
        return {"error": str(error)}
tl, ds = load(sys.argv[1]), load(sys.argv[2])
tl_count = len(tl.get("findings", [])) if "error" not in tl else tl["error"]
ds_results = ds.get("results", {}) if "error" not in ds else {}
ds_count = sum(len(v) for v in ds_results.values()) if "error" not in ds else ds["error"]
print(f"reports: taintline {tl_count} findings; detect-secrets {ds_count} in {len(ds_results)} files")
PY

# A history: each commit edits one of 50 modules (some add a token, later commits remove some).
repo="$work/history"
mkdir -p "$repo"
python3 - "$repo" "$commits" <<'PY'
import os, random, subprocess, sys
repo, commits = sys.argv[1], int(sys.argv[2])
random.seed(7)
def git(*args, **kw):
    subprocess.run(["git", "-C", repo, *args], check=True, stdout=subprocess.DEVNULL, **kw)
git("init", "-q")
git("config", "user.email", "bench@example.invalid"); git("config", "user.name", "bench")
# fast-import: thousands of commits in one process.
lines = []
files = {f"pkg/mod{i}.py": [f"# module {i}\n"] for i in range(50)}
for n in range(commits):
    name = f"pkg/mod{n % 50}.py"
    body = files[name]
    if n % 97 == 0:
        body.append(f'API_TOKEN = "{"".join(random.choice("abcdef0123456789") for _ in range(40))}"\n')
    else:
        body.append(f"def f{n}(x):\n    return x * {n}\n")
    if n % 389 == 0 and len(body) > 3:
        body.pop(1)
    data = "".join(body).encode()
    lines.append(b"commit refs/heads/main\n")
    lines.append(f"committer bench <bench@example.invalid> {1700000000 + n * 60} +0000\n".encode())
    msg = f"change {n}".encode()
    lines.append(b"data %d\n%s\n" % (len(msg), msg))
    lines.append(f"M 100644 inline {name}\n".encode())
    lines.append(b"data %d\n%s\n" % (len(data), data))
subprocess.run(["git", "-C", repo, "fast-import", "--quiet"], input=b"".join(lines), check=True)
git("checkout", "-q", "main")
PY
echo "history: $commits commits, $(git -C "$repo" log --oneline | wc -l) reachable"
read -r t_tlh m_tlh < <(measure "$bin" secrets "$repo" --history --format json --exit-zero)
# detect-secrets has no history mode; its documented way is to scan each commit's diff. Scan the
# working tree of every 100th commit as its closest equivalent, and scale the time.
sample=$(( commits / 100 > 0 ? commits / 100 : 1 ))
start=$(date +%s.%N)
for sha in $(git -C "$repo" rev-list main | awk 'NR % 100 == 1'); do
  git -C "$repo" checkout -q "$sha" && (cd "$repo" && "$detect" scan . >/dev/null 2>&1) || true
done
git -C "$repo" checkout -q main
end=$(date +%s.%N)
t_dsh=$(python3 -c "print(($end-$start)*100)")
printf '%-34s %8.2f s  peak %6.0f MB\n' "taintline secrets --history" "$t_tlh" "$(python3 -c "print($m_tlh/1024)")"
printf '%-34s %8.2f s  (estimated from %s checkouts; %.0fx taintline time)\n' "detect-secrets per commit" "$t_dsh" "$sample" "$(python3 -c "print($t_dsh/$t_tlh)")"
