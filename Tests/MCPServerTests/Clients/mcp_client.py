"""Talks to `taintline mcp` with the official Python MCP client, as a coding assistant would.

Usage: mcp_client.py TAINTLINE_BINARY

Starts the server over stdio with a throw-away project as its root, initializes, lists the tools,
calls each one, and checks every structuredContent against the tool's outputSchema with
jsonschema. Prints "ok" and exits 0 when every check holds; otherwise the failed assertion.
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import textwrap

import jsonschema
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

BINARY = sys.argv[1]

VULNERABLE = textwrap.dedent("""\
    import subprocess
    from flask import Flask, request

    app = Flask(__name__)

    @app.route("/ping")
    def ping():
        host = request.args.get("host", "")
        return subprocess.check_output("ping -c 1 " + host, shell=True)
    """)

# The same route without the flaw: no shell, the value an argument of its own, and not request data
# into a command at all (an allow-list).
SAFE = textwrap.dedent("""\
    from flask import Flask, request

    app = Flask(__name__)
    HOSTS = {"a": "10.0.0.1", "b": "10.0.0.2"}

    @app.route("/ping")
    def ping():
        host = request.args.get("host", "")
        return HOSTS.get(host, "unknown")
    """)

SQL_VIEW = textwrap.dedent("""\
    import sqlite3
    from flask import Flask, request

    app = Flask(__name__)

    @app.route("/user")
    def user():
        name = request.args["name"]
        db = sqlite3.connect("app.db")
        return str(db.execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall())
    """)

# Built at run time so this file holds no credential a secret scanner would flag.
SECRET = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dcTYooMQauvdEDq5"
SECRET_CODE = f'import stripe\nstripe.api_key = "{SECRET}"\n'


def validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def text_of(result):
    return "\n".join(block.text for block in result.content if block.type == "text")


async def exercise(project):
    params = StdioServerParameters(command=BINARY, args=["mcp", "--root", project],
                                   env={"XDG_CACHE_HOME": os.path.join(project, "..", "cache")}, cwd="/")
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            assert init.server_info.name == "taintline", init
            assert init.protocol_version == "2025-06-18", init.protocol_version
            assert init.capabilities.tools is not None, init.capabilities

            listed = await session.list_tools()
            tools = {tool.name: tool for tool in listed.tools}
            assert sorted(tools) == ["explain", "rules", "scan"], sorted(tools)
            outputs = {}
            for name, tool in tools.items():
                assert tool.input_schema["type"] == "object", (name, tool.input_schema)
                validator(tool.input_schema)
                assert tool.output_schema is not None, name
                outputs[name] = validator(tool.output_schema)
            scan_inputs = tools["scan"].input_schema["properties"]
            assert {"path", "code", "filename", "severity", "select"} <= set(scan_inputs), scan_inputs

            async def call(name, arguments):
                result = await session.call_tool(name, arguments)
                if not result.is_error:
                    assert result.structured_content is not None, (name, arguments)
                    outputs[name].validate(result.structured_content)
                    # The second text block is the structured result as JSON, for older clients.
                    assert json.loads(result.content[-1].text) == result.structured_content
                return result

            # A request-data flow into a shell.
            result = await call("scan", {"code": VULNERABLE, "filename": "app.py"})
            assert not result.is_error, text_of(result)
            report = result.structured_content
            shell = [f for f in report["findings"] if f["cwe"] == "CWE-78"]
            assert shell, report["findings"]
            finding = shell[0]
            assert finding["location"]["file"] == "app.py", finding["location"]
            assert finding["location"]["startLine"] == 9, finding["location"]
            assert finding["severity"] in ("High", "Critical"), finding
            assert finding["owasp"].startswith("A03"), finding
            assert len(finding["steps"]) >= 2 and "request" in finding["steps"][0]["message"], finding["steps"]
            assert finding["remediation"], finding
            assert report["roots"] == ["app.py"] and report["files"]["scanned"] == 1, report["files"]
            assert finding["ruleId"] in text_of(result), text_of(result)
            # Severity and selection filter as on the command line.
            result = await call("scan", {"code": VULNERABLE, "filename": "app.py", "select": ["CWE-89"]})
            assert result.structured_content["findings"] == [], result.structured_content["findings"]
            assert result.structured_content["summary"]["filteredOut"] >= 1, result.structured_content["summary"]

            # The safe twin: nothing to report (the default filename is snippet.py).
            result = await call("scan", {"code": SAFE})
            assert not result.is_error, text_of(result)
            assert result.structured_content["findings"] == [], result.structured_content["findings"]
            assert result.structured_content["roots"] == ["snippet.py"], result.structured_content["roots"]

            # A folder of the project, by a path relative to the root.
            result = await call("scan", {"path": "app"})
            assert not result.is_error, text_of(result)
            report = result.structured_content
            sql = [f for f in report["findings"] if f["cwe"] == "CWE-89"]
            assert sql and sql[0]["location"]["file"] == "app/views.py", report["findings"]
            assert report["files"]["scanned"] >= 1, report["files"]
            # The project's [tool.taintline] configuration applies: it ignores TL-B506 (yaml.load) ...
            assert not [f for f in report["findings"] if f["ruleId"] == "TL-B506"], report["findings"]
            assert report["summary"]["filteredOut"] >= 1, report["summary"]
            # ... unless the call says otherwise, as --ignore would; the finding carries its fix's edits.
            result = await call("scan", {"path": "app/loader.py", "ignore": []})
            loads = [f for f in result.structured_content["findings"] if f["ruleId"] == "TL-B506"]
            assert loads and loads[0]["location"]["file"] == "app/loader.py", result.structured_content["findings"]
            fix = loads[0]["fix"]
            assert fix["applicability"] == "safe" and fix["edits"][0]["replacement"] == "safe_load", fix

            # Outside the root: a tool error, whether by .. or an absolute path.
            for outside in ["..", "../outside.py", "/etc"]:
                result = await session.call_tool("scan", {"path": outside})
                assert result.is_error, (outside, text_of(result))
                assert "outside" in text_of(result), text_of(result)
                assert result.structured_content is None

            # A planted secret comes back redacted, and the whole value appears nowhere.
            result = await call("scan", {"code": SECRET_CODE, "filename": "settings.py"})
            assert not result.is_error, text_of(result)
            # The secret detector's finding may be merged into the hard-coded-password rule's (covers).
            secrets = [f for f in result.structured_content["findings"]
                       if any(rule.startswith("SECRET-") for rule in [f["ruleId"]] + [c["ruleId"] for c in f["covers"]])]
            assert secrets, result.structured_content["findings"]
            assert "…" in (secrets[0]["snippet"] or "") or "…" in secrets[0]["description"], secrets[0]
            whole = result.model_dump_json()
            assert SECRET not in whole, "the secret was returned whole"
            assert SECRET[8:30] not in whole, "a long part of the secret was returned"

            # explain and rules.
            result = await call("explain", {"id": "b602"})
            assert not result.is_error, text_of(result)
            assert result.structured_content["id"] == "TL-B602", result.structured_content
            assert result.structured_content["documentation"] in text_of(result)
            result = await session.call_tool("explain", {"id": "TL-B60"})
            assert result.is_error and "TL-B602" in text_of(result), text_of(result)

            result = await call("rules", {})
            catalog = result.structured_content
            assert catalog["count"] == len(catalog["rules"]) > 50, catalog["count"]
            assert any(rule["id"] == "TL-B602" for rule in catalog["rules"])
            assert any(rule["fix"] == "safe" for rule in catalog["rules"]), "has-fix is listed"
            result = await call("rules", {"filter": "cwe-78"})
            assert result.structured_content["rules"], result.structured_content
            assert all(rule["cwe"] == "CWE-78" or "cwe-78" in json.dumps(rule).lower()
                       for rule in result.structured_content["rules"])

            # Still answering after all that.
            await session.send_ping()


def raw_exchange(project):
    """Malformed input gets a JSON-RPC error and the end of input ends the server cleanly."""
    lines = [
        "this is not json",
        json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                    "params": {"protocolVersion": "2024-11-05", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}}),
        json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json.dumps({"jsonrpc": "2.0", "id": 2, "method": "no/such/method"}),
        json.dumps({"jsonrpc": "2.0", "id": 3, "method": "ping"}),
    ]
    run = subprocess.run([BINARY, "mcp", "--root", project], input="\n".join(lines) + "\n", capture_output=True,
                         text=True, timeout=120, env=dict(os.environ, XDG_CACHE_HOME=os.path.join(project, "..", "cache")))
    assert run.returncode == 0, (run.returncode, run.stderr)
    replies = [json.loads(line) for line in run.stdout.splitlines()]
    assert [reply.get("id") for reply in replies] == [None, 1, 2, 3], replies
    assert replies[0]["error"]["code"] == -32700, replies[0]
    assert replies[1]["result"]["protocolVersion"] == "2024-11-05", replies[1]
    assert replies[2]["error"]["code"] == -32601, replies[2]
    assert replies[3]["result"] == {}, replies[3]


def main():
    with tempfile.TemporaryDirectory() as folder:
        project = os.path.join(folder, "project")
        os.makedirs(os.path.join(project, "app"))
        with open(os.path.join(project, "app", "views.py"), "w") as handle:
            handle.write(SQL_VIEW)
        with open(os.path.join(project, "app", "loader.py"), "w") as handle:
            handle.write("import yaml\n\n\ndef load(text):\n    return yaml.load(text)\n")
        with open(os.path.join(project, "pyproject.toml"), "w") as handle:
            handle.write('[project]\nname = "demo"\nversion = "1"\n\n[tool.taintline]\nignore = ["TL-B506"]\n')
        with open(os.path.join(folder, "outside.py"), "w") as handle:
            handle.write(VULNERABLE)
        asyncio.run(exercise(project))
        raw_exchange(project)
    print("ok")


if __name__ == "__main__":
    main()
