"""Scores a precision run (Benchmarks/precision.sh): the judged findings of judged.json against
the scan outputs, matched by app, rule and file, at the nearest line within five."""
import collections, glob, json, os, sys

RANK = {"Critical": 4, "High": 3, "Medium": 2, "Low": 1, "Info": 0}


def main(out_dir, judged_path):
    judged = json.load(open(judged_path))
    found = collections.defaultdict(list)
    counts = {}
    for path in sorted(glob.glob(os.path.join(out_dir, "*.json"))):
        app = os.path.basename(path)[:-5]
        findings = json.load(open(path))["findings"]
        code = [f for f in findings if f.get("analysis", "code") == "code"]
        counts[app] = (sum(RANK[f["severity"]] >= 3 for f in code), sum(f["severity"] == "Medium" for f in code))
        for f in findings:
            found[(app, f["ruleId"], f["location"]["file"])].append((f["location"]["startLine"], RANK[f["severity"]]))
    print(f'{"app":18} {"High+":>6} {"Medium":>7}')
    for app, (high, medium) in counts.items():
        print(f"{app:18} {high:6} {medium:7}")
    print(f'{"all":18} {sum(c[0] for c in counts.values()):6} {sum(c[1] for c in counts.values()):7}')
    states = collections.Counter()
    for item in judged:
        near = [s for line, s in found.get((item["app"], item["rule"], item["file"]), []) if abs(line - item["line"]) <= 5]
        severity = max(near, default=-1)
        state = "gone" if severity < 0 else ("lowered" if severity < RANK[item["severity"]] else "kept")
        states[(item["kind"], item["verdict"], state)] += 1
    for kind, label in (("H", "High (every one judged)"), ("M", "Medium (seeded sample)")):
        kept = {v: states[(kind, v, "kept")] for v in ("TRUE", "FALSE", "DEBATABLE")}
        gone = {v: states[(kind, v, "gone")] + states[(kind, v, "lowered")] for v in ("TRUE", "FALSE", "DEBATABLE")}
        still = sum(kept.values())
        rate = 100 * kept["FALSE"] / still if still else 0
        print(f"{label}: still reported at the judged severity: {kept['TRUE']} true, {kept['FALSE']} false, "
              f"{kept['DEBATABLE']} debatable ({rate:.0f}% false); gone or lowered: {gone['FALSE']} false, "
              f"{gone['TRUE']} true (recall lost), {gone['DEBATABLE']} debatable")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
