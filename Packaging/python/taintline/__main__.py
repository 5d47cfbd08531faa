"""`python -m taintline ARGS`: runs the installed binary with ARGS."""

import os
import subprocess
import sys

from taintline import find_taintline_bin


def main() -> int:
    binary = find_taintline_bin()
    if sys.platform == "win32":
        return subprocess.run([binary, *sys.argv[1:]]).returncode
    os.execv(binary, [binary, *sys.argv[1:]])
    return 0  # not reached: execv replaces the process


if __name__ == "__main__":
    sys.exit(main())
