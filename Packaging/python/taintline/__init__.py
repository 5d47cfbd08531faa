"""Taintline, a security auditor for Python web applications, as a native binary.

The wheel installs the `taintline` executable into the environment's scripts folder (the way
ruff ships its binary) and the built-in advisory snapshot into `share/taintline/`. This package
only finds that executable, for `python -m taintline` and for tools that want its path.
"""

import os
import sys
import sysconfig

__all__ = ["find_taintline_bin"]


def find_taintline_bin() -> str:
    """Returns the path of the installed `taintline` executable."""
    name = "taintline" + (sysconfig.get_config_var("EXE") or "")
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [sysconfig.get_path("scripts")]
    # `pip install --user`: the user scheme's scripts folder.
    user_scheme = f"{os.name}_user" if os.name != "nt" else "nt_user"
    try:
        candidates.append(sysconfig.get_path("scripts", scheme=user_scheme))
    except KeyError:
        pass
    # `pip install --target DIR`: DIR/bin next to DIR/taintline.
    candidates.append(os.path.join(os.path.dirname(here), "bin"))
    # `<prefix>/lib/pythonX.Y/site-packages/taintline` -> `<prefix>/bin`.
    candidates.append(os.path.normpath(os.path.join(here, "..", "..", "..", "..", "bin")))
    for folder in candidates:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise FileNotFoundError(f"the taintline executable is not installed beside this package (looked in: {', '.join(candidates)})")
