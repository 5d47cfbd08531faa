"""Compares `taintline dump-ast --include-attributes` output with CPython's dumps.

Usage: python3 oracle_compare.py LIST CPYTHON_DIR TAINTLINE_OUTPUT FAILURES_FILE

LIST holds one path per line; CPYTHON_DIR/N.txt is CPython's dump of the N-th path (see
cpython_dump.py). Writes each mismatch (file, ~200 characters of context around the first
difference of both dumps) to FAILURES_FILE and prints the totals. Exit status 1 on mismatches.
"""
import sys

def context(a, b):
    n = min(len(a), len(b))
    i = next((k for k in range(n) if a[k] != b[k]), n)
    lo = max(0, i - 100)
    return i, a[lo:i + 100], b[lo:i + 100]

def main():
    list_path, cpy_dir, ours_path, failures_path = sys.argv[1:5]
    paths = [l.rstrip("\n") for l in open(list_path, encoding="utf-8") if l.strip()]
    ours = {}
    with open(ours_path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        lines = f.read().split("\n")
    k = 0
    while k < len(lines):
        line = lines[k]
        if line.startswith("== "):
            ours[line[3:]] = ("ok", lines[k + 1] if k + 1 < len(lines) else "")
            k += 2
        elif line.startswith("!! "):
            rest = line[3:]
            path, _, msg = rest.partition(": ")
            # Paths may contain ": "; take the longest known path prefix.
            for cand in (p for p in [rest[:j] for j in range(len(rest)) if rest[j:j + 2] == ": "]):
                if cand in set_paths:
                    path, msg = cand, rest[len(cand) + 2:]
                    break
            ours[path] = ("err", msg)
            k += 1
        else:
            k += 1
    equal = mismatches = rejects_agreed = 0
    out = []
    for i, path in enumerate(paths):
        with open("%s/%d.txt" % (cpy_dir, i), encoding="utf-8", errors="surrogateescape") as f:
            cpy = f.read()
        kind, text = ours.get(path, ("err", "(no output from taintline)"))
        if cpy.startswith("!! "):
            if kind == "err":
                rejects_agreed += 1
            else:
                mismatches += 1
                out.append("%s\n  CPython rejects: %s\n  taintline accepted it\n" % (path, cpy[3:]))
        elif kind == "err":
            mismatches += 1
            out.append("%s\n  CPython accepts it\n  taintline rejects: %s\n" % (path, text))
        elif text == cpy:
            equal += 1
        else:
            mismatches += 1
            pos, a, b = context(cpy, text)
            out.append("%s\n  first difference at character %d\n  cpython:   %s\n  taintline: %s\n" % (path, pos, a, b))
    with open(failures_path, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write("\n".join(out))
    print("files: %d, equal: %d, mismatches: %d, rejects agreed: %d" % (len(paths), equal, mismatches, rejects_agreed))
    sys.exit(1 if mismatches else 0)

set_paths = set()
if __name__ == "__main__":
    set_paths = set(l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip())
    main()
