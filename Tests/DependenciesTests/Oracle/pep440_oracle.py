"""Reference answers from `packaging` for a large generated set of versions, specifiers and markers.

Usage: pep440_oracle.py OUT_FILE

Output lines (tab-separated):
  P  <text>  <normalised or '!'>  <is_prerelease 0|1>       version parsing
  R  <rank>  <normalised>                                    every valid version, sorted; equal rank = equal
  S  <spec>  <'!' if invalid, else implied prereleases 0|1> specifier-set parsing
  C  <spec>  <version>  <contains, prereleases=True>  <contains, prereleases=False>
  M  <marker>  <python_version>  <sys_platform>  <'!' or 0|1>
"""
import itertools
import sys

from packaging.markers import InvalidMarker, Marker, default_environment
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version


def versions():
    epochs = ["", "1!"]
    releases = ["0", "1", "1.0", "1.0.0", "1.2", "1.2.3", "2", "0.9", "1.10", "1.01", "v1.1"]
    pres = ["", "a1", "b2", "rc1", ".alpha", "-pre3", "c4", "_beta.5", "RC"]
    posts = ["", ".post1", "-1", ".r2", "post", "-rev.3"]
    devs = ["", ".dev0", "dev2", "-DEV"]
    locals_ = ["", "+abc", "+1.2", "+ABC.01", "+a-b_c"]
    out = []
    for e, r, p, q, d, l in itertools.product(epochs, releases, pres, posts, devs, locals_):
        out.append(e + r + p + q + d + l)
    # Malformed and edge spellings.
    out += ["", " 1.0 ", "1.0.", "1..0", "1.0-", "1.0+", "1.0+a..b", "1.0a1a2", "1.0.post1.post2", "1!2!3", "a1", "1.0dev",
            "1.0 .dev1", "1,0", "1.0+-a", "18446744073709551615", "1.18446744073709551616", "9999999999999999999999", "99999999999999999999999.0", "1.0+18446744073709551616", "1.0.post99999999999999999999", "1!0000000000000000000000000001.0", "1.0.dev-1", "1.0a.", "1.0a..post1", "01.02.03", "1.0_post_2",
            "1.0.0.0.0.0.1", "1-1", "1.0-post1", "1.0.post-1", "v", "V1.0", "1.0A1", "1.0Post1"]
    return out


def main():
    out = open(sys.argv[1], "w", encoding="utf-8")
    texts = versions()
    valid = []
    for text in texts:
        try:
            v = Version(text)
        except InvalidVersion:
            out.write(f"P\t{text}\t!\t0\n")
            continue
        out.write(f"P\t{text}\t{v}\t{int(v.is_prerelease)}\n")
        valid.append(v)
    unique = sorted(set(valid))
    for rank, v in enumerate(unique):
        out.write(f"R\t{rank}\t{v}\n")

    spec_versions = ["99999999999999999999", "1", "1.0", "1.2", "1.2.3", "1.0a1", "1.0.post1", "1.0.dev0", "1!1.0", "1.0rc1.post2.dev3", "0.9", "2"]
    specs = []
    for op in ["==", "!=", "<=", ">=", "<", ">", "~="]:
        for sv in spec_versions:
            specs.append(op + sv)
    specs += ["==1.*", "==1.0.*", "!=1.0.*", "==1!1.*", "==1.2.3.*", "==0.*", "==1.0+abc", "!=1.0+abc", "===1.0", "===1.0+abc",
              "===foobar", "===1.0.0", "===V1.0", "=== 1.0", "===1.0a1", "===1.*", "===1.0,>=0.5", "=== ", ">=1.0,<2.0", ">=1.0a1,<2", "~=1.0,!=1.0.5", ">1.0,<1.0.post2", "", ">= 1.0 , < 1.2 ", "==1.0.*,!=1.0.1", "==99999999999999999999.*", ">1.0.post18446744073709551615", ">1.0.dev18446744073709551615",
              # invalid ones
              "~=1", "==1.0.*+abc", ">=1.0+abc", "<1.*", "=1.0", "==", ">=1.0a1.*", "==1.0a1.*", "~=1.0.*", "foo", "==1.0 extra",
              ">=1.0,", ">=1.0;", "~=1!1", "===", "== 1.0", "<=v1.0"]
    candidates = sorted(set(str(v) for v in valid))
    # A sample that keeps the run short: every 5th version plus all locals of 1.0.
    sample = [c for k, c in enumerate(candidates) if k % 5 == 0 or c.startswith("1.0")]
    for spec in specs:
        try:
            s = SpecifierSet(spec)
        except InvalidSpecifier:
            out.write(f"S\t{spec}\t!\n")
            continue
        out.write(f"S\t{spec}\t{int(bool(s.prereleases))}\n")
        for c in sample:
            out.write(f"C\t{spec}\t{c}\t{int(s.contains(c, prereleases=True))}\t{int(s.contains(c, prereleases=False))}\n")

    markers = ['python_version >= "3.8"', 'python_version < "3.10"', 'python_version == "3.11"', "python_full_version >= '3.11.4'",
               'sys_platform == "win32"', 'sys_platform != "win32"', 'platform_system == "Linux" and python_version > "3.6"',
               'os_name == "nt" or python_version < "3"', '(python_version < "3.9" or sys_platform == "darwin") and os_name == "posix"',
               '"linux" in sys_platform', '"win" not in sys_platform', 'python_version ~= "3.10"', "python_version == '3.*'",
               'python_version in "3.10 3.11 3.12"', 'platform_machine == "x86_64"', 'implementation_name == "cpython"',
               'python_version > "3.11"', 'python_version <= "3.11"', 'python_version != "3.12"', 'python_full_version < "3.12.0rc1"',
               'python_version >= "3.8" and', 'python_version >> "3"', 'foo == "bar"', '"3.11" == python_version',
               'platform_python_implementation == "PyPy"', 'python_version === "3.11"']
    envs = [("3.11", "linux"), ("3.8", "win32"), ("3.12", "darwin"), ("3.9", "linux")]
    for marker in markers:
        try:
            m = Marker(marker)
        except InvalidMarker:
            for pv, plat in envs:
                out.write(f"M\t{marker}\t{pv}\t{plat}\t!\n")
            continue
        for pv, plat in envs:
            env = {
                "python_version": pv, "python_full_version": pv + ".0", "sys_platform": plat,
                "platform_system": {"linux": "Linux", "win32": "Windows", "darwin": "Darwin"}[plat],
                "os_name": "nt" if plat == "win32" else "posix",
                "platform_machine": {"linux": "x86_64", "win32": "AMD64", "darwin": "arm64"}[plat],
                "implementation_name": "cpython", "platform_python_implementation": "CPython",
                "implementation_version": pv + ".0", "platform_release": "", "platform_version": "",
            }
            out.write(f"M\t{marker}\t{pv}\t{plat}\t{int(m.evaluate(env))}\n")
    out.close()


if __name__ == "__main__":
    main()
