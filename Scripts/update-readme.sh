#!/usr/bin/env bash
# Regenerates the README's generated blocks from the tool itself, so they cannot drift:
#   <!-- rules:start --> ... <!-- rules:end -->        `taintline rules --format markdown`
#   <!-- commands:start --> ... <!-- commands:end -->  every subcommand's --help
# and in Docs/mcp.md:
#   <!-- tools:start --> ... <!-- tools:end -->        the tools `taintline mcp` lists, with their schemas
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
tools="$(printf '%s\n' \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"update-readme","version":"1"}}}' \
  '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' | "$bin" mcp 2>/dev/null | tail -n 1)"
python3 - "$mode" "$rules" "$commands" "$tools" <<'PY'
import json, sys
mode, rules, commands, tools = sys.argv[1], sys.argv[2].strip(), sys.argv[3].strip(), sys.argv[4]
tools = json.dumps(json.loads(tools)["result"]["tools"], indent=2, ensure_ascii=False)
def replace(text, name, body):
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"no {name} block")
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    return before + start + "\n" + body + "\n" + end + after
stale = []
for path, blocks in [("README.md", [("rules", rules), ("commands", commands)]), ("Docs/mcp.md", [("tools", "```json\n" + tools + "\n```")])]:
    text = open(path).read()
    new = text
    for name, body in blocks:
        new = replace(new, name, body)
    if mode == "--check":
        if new != text:
            stale.append(path)
    elif new != text:
        open(path, "w").write(new)
        print(f"{path} regenerated")
if stale:
    print(" and ".join(stale) + " stale: run Scripts/update-readme.sh", file=sys.stderr)
    sys.exit(1)
PY
