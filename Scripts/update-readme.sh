#!/usr/bin/env bash
# Regenerates the README's generated blocks from the tool itself, so they cannot drift:
#   <!-- rules:start --> ... <!-- rules:end -->        `taintline rules --format markdown`
#   <!-- commands:start --> ... <!-- commands:end -->  every subcommand's --help
# With --check, changes nothing and exits 1 when README.md is stale (the tests run this).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-write}"
bin="${TAINTLINE_BIN:-.build/debug/taintline}"
if [ ! -x "$bin" ]; then swift build --product taintline >/dev/null; fi
export COLUMNS=100
rules="$("$bin" rules --format markdown)"
commands=""
add_help() { # command words...
  local text
  text="$("$bin" help "$@")"
  commands+=$'\n'"### \`taintline $*\`"$'\n\n```text\n'"$text"$'\n```\n'
  # Recurse into nested subcommands (e.g. `db update`).
  local subs
  subs="$(printf '%s\n' "$text" | awk '/^SUBCOMMANDS:/{on=1;next} on&&/^[^ ]/{on=0} on&&/^  [a-z]/{print $1}')"
  for sub in $subs; do add_help "$@" "$sub"; done
}
for cmd in $("$bin" --help | awk '/^SUBCOMMANDS:/{on=1;next} on&&/^[^ ]/{on=0} on&&/^  [a-z]/{print $1}'); do
  [ "$cmd" = "help" ] && continue
  add_help "$cmd"
done
python3 - "$mode" "$rules" "$commands" <<'PY'
import sys
mode, rules, commands = sys.argv[1], sys.argv[2].strip(), sys.argv[3].strip()
text = open("README.md").read()
def replace(text, name, body):
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"README.md has no {name} block")
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    return before + start + "\n" + body + "\n" + end + after
new = replace(replace(text, "rules", rules), "commands", commands)
if mode == "--check":
    if new != text:
        print("README.md is stale: run Scripts/update-readme.sh", file=sys.stderr)
        sys.exit(1)
else:
    open("README.md", "w").write(new)
    print("README.md regenerated")
PY
