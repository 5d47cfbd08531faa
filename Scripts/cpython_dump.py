"""Dumps many Python files with CPython's ast, in one process (the oracle for Taintline's parser).

Usage: python3 cpython_dump.py OUTDIR [--no-attributes] < list-of-paths
       python3 cpython_dump.py OUTDIR --stdlib   (every .py file of this python's stdlib,
                                                  site-packages excluded; list in OUTDIR/files.txt)

For the N-th path (0-based) of standard input writes OUTDIR/N.txt: the line
`ast.dump(ast.parse(source), include_attributes=True)`, or `!! <message>` when CPython rejects
the file (SyntaxError, ValueError for NUL bytes, decoding errors, RecursionError).
Prints the number of files written.
"""
import ast
import os
import sys
import warnings

def main():
    out = sys.argv[1]
    attrs = "--no-attributes" not in sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(10000)
    if "--stdlib" in sys.argv[2:]:
        import sysconfig
        root = sysconfig.get_paths()["stdlib"]
        paths = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != "site-packages"]
            paths += [os.path.join(dirpath, n) for n in filenames if n.endswith(".py")]
        paths.sort()
        with open(os.path.join(out, "files.txt"), "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write("".join(p + "\n" for p in paths))
    else:
        paths = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    for i, path in enumerate(paths):
        try:
            with open(path, "rb") as f:
                data = f.read()
            text = ast.dump(ast.parse(data, filename=path), include_attributes=attrs)
        except (SyntaxError, ValueError, UnicodeError, RecursionError, MemoryError, OverflowError) as e:
            text = "!! %s: %s" % (type(e).__name__, e)
        with open(os.path.join(out, "%d.txt" % i), "w", encoding="utf-8", errors="surrogatepass") as f:
            f.write(text)
    print(len(paths))

main()
