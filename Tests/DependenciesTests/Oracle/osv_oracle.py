"""Reference verdicts for the OSV snapshot, computed with `packaging` (PEP 440's reference
implementation) and PyYAML. One run writes every verdict to a file the Swift test compares with.

Usage: osv_oracle.py DB_DIR OUT_FILE

Output lines (tab-separated):
  V  <advisory id>  <package>  <version>  <0|1>     affected verdict
  N  <version text>  <normalised form or '!'>       parse/normalisation of every version named
"""
import os
import sys

import yaml
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version


def parse(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None


def walk(events, v):
    """OSV's algorithm: sort events by version ('0' first, stable), the last state wins."""
    keyed = []
    for event in events:
        for kind in ("introduced", "fixed", "last_affected", "limit"):
            if kind in event:
                text = str(event[kind])
                if kind == "introduced" and text == "0":
                    keyed.append((None, kind))
                else:
                    parsed = parse(text)
                    if parsed is not None:
                        keyed.append((parsed, kind))
    order = sorted(range(len(keyed)), key=lambda k: (0, 0, k) if keyed[k][0] is None else (1, keyed[k][0], k))
    affected = False
    for k in order:
        bound, kind = keyed[k]
        if kind == "introduced":
            if bound is None or v >= bound:
                affected = True
        elif kind == "fixed" or kind == "limit":
            if v >= bound:
                affected = False
        elif kind == "last_affected":
            if v > bound:
                affected = False
    return affected


def affected(entry, listed_versions, listed_raw, v, raw):
    if v in listed_versions or raw in listed_raw:
        return True
    for rng in entry.get("ranges") or []:
        if rng.get("type") == "ECOSYSTEM" and walk(rng.get("events") or [], v):
            return True
    return False


def variants(text):
    """Versions around a boundary: its pre/dev/post/local neighbours and the next/previous release."""
    v = parse(text)
    if v is None:
        return []
    epoch = f"{v.epoch}!" if v.epoch else ""
    rel = list(v.release)
    base = epoch + ".".join(map(str, rel))
    out = [text, str(v), base, base + ".dev0", base + "a1", base + "b1", base + "rc1", base + ".post1",
           base + ".post1.dev0", base + "+local.7", base + ".0", str(v) + "+x1"]
    if v.pre is None and v.post is None and v.dev is None and v.local is None:
        out += [str(v) + ".post2", str(v) + ".dev5", str(v) + "rc2"]
    if v.dev is None and v.local is None:
        out.append(str(v) + ".dev9")
    up = rel[:-1] + [rel[-1] + 1]
    out.append(epoch + ".".join(map(str, up)))
    out.append(epoch + ".".join(map(str, up)) + ".dev0")
    if rel[-1] > 0:
        down = rel[:-1] + [rel[-1] - 1]
        out.append(epoch + ".".join(map(str, down)))
        out.append(epoch + ".".join(map(str, down)) + ".post3")
    if len(rel) > 1:
        out.append(epoch + ".".join(map(str, rel[:-1])))
    return out


def main():
    root, out_path = sys.argv[1], sys.argv[2]
    vulns = os.path.join(root, "vulns")
    lines = []
    named = set()
    for package_dir in sorted(os.listdir(vulns)):
        folder = os.path.join(vulns, package_dir)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".yaml", ".yml", ".json")):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                doc = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            withdrawn = bool(doc.get("withdrawn"))
            for entry in doc.get("affected") or []:
                package = entry.get("package") or {}
                if not str(package.get("ecosystem", "")).startswith("PyPI"):
                    continue
                pkg = canonicalize_name(str(package.get("name", "")))
                candidates = []
                for listed in entry.get("versions") or []:
                    candidates.append(str(listed))
                    named.add(str(listed))
                for rng in entry.get("ranges") or []:
                    for event in rng.get("events") or []:
                        for value in event.values():
                            named.add(str(value))
                            candidates += variants(str(value))
                listed_versions, listed_raw = set(), set()
                for listed in entry.get("versions") or []:
                    parsed = parse(str(listed))
                    if parsed is not None:
                        listed_versions.add(parsed)
                    else:
                        listed_raw.add(str(listed))
                seen = set()
                for text in candidates:
                    if text in seen:
                        continue
                    seen.add(text)
                    v = parse(text)
                    if v is None:
                        continue
                    verdict = (not withdrawn) and affected(entry, listed_versions, listed_raw, v, text)
                    lines.append(f"V\t{doc['id']}\t{pkg}\t{text}\t{int(verdict)}\n")
    for text in sorted(named):
        v = parse(text)
        lines.append(f"N\t{text}\t{str(v) if v is not None else '!'}\n")
    with open(out_path, "w", encoding="utf-8") as handle:
        handle.writelines(lines)


if __name__ == "__main__":
    main()
