"""Drives `taintline server` with pygls's LanguageClient, a real LSP client, on a small Flask
project, and checks what an editor would see: diagnostics (code, range in UTF-16 units, severity,
documentation link, a flow's steps across modules), code actions (the rule's fix, a suppression
comment, the documentation), and that diagnostics follow the unsaved text of every open document.

Usage: lsp_client.py TAINTLINE_BINARY. Prints what it checked; exits 1 with the reason (and the
server's log) when a check fails. No check depends on timing: each waits for the message it needs,
up to a generous deadline that only a broken server reaches.
"""

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Union

from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pygls.lsp.client import LanguageClient

DEADLINE = 180.0

PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"

[tool.taintline]
# Read as `taintline scan` reads it: the import of subprocess (an audit rule) stays out.
ignore = ["TL-B404"]
"""

LOADER = '''\
import yaml


def parse(data):
    label, config = "é😀", yaml.load(data)
    return label, config


def defaults(extra):
    return yaml.load("""a: 1
""" + extra)
'''

HELPERS = """\
import subprocess


def run(command):
    return subprocess.run(command, shell=True)
"""

VIEWS = """\
from flask import Flask, request

from app.helpers import run

app = Flask(__name__)


@app.route("/run")
def handler():
    return str(run(request.args["cmd"]))
"""

TOKEN = "ghp_R4nd0mT0k3nV4lu3Xq9Zk2Lm8Np5Wc7Yb1Td6"

SETTINGS = f"""\
import requests

GITHUB_TOKEN = "{TOKEN}"


def fetch():
    return requests.get("https://api.github.com", headers={{"Authorization": GITHUB_TOKEN}})
"""


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def utf16_index(text, line, character):
    """The string index of an LSP position (0-based line, UTF-16 column)."""
    lines = text.split("\n")
    index = sum(len(part) + 1 for part in lines[:line])
    units = 0
    for char in lines[line]:
        if units >= character:
            break
        units += 2 if ord(char) > 0xFFFF else 1
        index += 1
    check(units == character, f"position {line}:{character} is not on a character boundary")
    return index


def utf16_column(line_text, string_index):
    return len(line_text[:string_index].encode("utf-16-le")) // 2


def apply_edits(text, edits):
    """Applies LSP text edits (non-overlapping) the way an editor does: from the last to the first."""
    spans = []
    for edit in edits:
        start = utf16_index(text, edit.range.start.line, edit.range.start.character)
        end = utf16_index(text, edit.range.end.line, edit.range.end.character)
        spans.append((start, end, edit.new_text))
    for start, end, new_text in sorted(spans, reverse=True):
        text = text[:start] + new_text + text[end:]
    return text


class Editor:
    """The client's side: open documents, the diagnostics last published for each."""

    def __init__(self, client, root):
        self.client = client
        self.root = root
        self.texts = {}
        self.versions = {}
        self.diagnostics = {}
        self.published_versions = {}
        self.shown = []
        self.changed = asyncio.Event()

    def uri(self, relative):
        return (self.root / relative).as_uri()

    def open(self, relative):
        uri = self.uri(relative)
        self.texts[uri] = (self.root / relative).read_text(encoding="utf-8")
        self.versions[uri] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=self.texts[uri])))
        return uri

    def change(self, uri, text):
        self.texts[uri] = text
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    async def wait(self, what, predicate):
        """Waits until `predicate()` holds, re-checking on every message from the server."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + DEADLINE
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise Failure(f"timed out waiting for {what}; diagnostics now: {self.describe()}")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def diagnostics_of_version(self, uri, what):
        """The diagnostics published for the text of the document's current version."""
        await self.wait(what, lambda: self.published_versions.get(uri) == self.versions[uri])
        return self.diagnostics[uri]

    def describe(self):
        return {Path(uri).name: [(d.code, d.range.start.line, d.severity) for d in found] for uri, found in self.diagnostics.items()}


async def main(binary):
    scratch = Path(tempfile.mkdtemp(prefix="taintline-lsp-"))
    root = scratch / "project"
    (root / "app").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (root / "app" / "__init__.py").write_text("", encoding="utf-8")
    (root / "app" / "loader.py").write_text(LOADER, encoding="utf-8")
    (root / "app" / "helpers.py").write_text(HELPERS, encoding="utf-8")
    (root / "app" / "views.py").write_text(VIEWS, encoding="utf-8")
    (root / "app" / "settings.py").write_text(SETTINGS, encoding="utf-8")
    log = scratch / "server.log"

    client = LanguageClient("taintline-test-client", "1")
    # lsprotocol 2025.0.0 reads any code action with a `command` member as a bare Command (its
    # `command` a string), though LSP lets a CodeAction carry a Command object; VS Code, Neovim
    # and Helix tell them apart by the member's type, and so does this hook.
    converter = client.protocol._converter

    def command_or_code_action(value, _):
        if isinstance(value.get("command"), str):
            return converter.structure(value, types.Command)
        return converter.structure(value, types.CodeAction)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], command_or_code_action)
    editor = Editor(client, root)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams):
        editor.diagnostics[params.uri] = params.diagnostics
        editor.published_versions[params.uri] = params.version
        editor.changed.set()

    @client.feature(types.WINDOW_SHOW_DOCUMENT)
    def show_document(params: types.ShowDocumentParams):
        editor.shown.append(params)
        editor.changed.set()
        return types.ShowDocumentResult(success=True)

    # Logs go to standard error; keep them in a file (a pipe nobody reads would fill up). The
    # server starts in another folder than the project: its workspace comes from `initialize`.
    await client.start_io("/bin/sh", "-c", 'exec "$0" server 2>"$1"', binary, str(log), cwd=str(scratch))
    status = 0
    try:
        await session(client, editor, root)
    except Failure as failure:
        print(f"FAILED: {failure}")
        status = 1
    finally:
        print("--- server log ---")
        print(log.read_text(encoding="utf-8", errors="replace") if log.exists() else "(none)")
        shutil.rmtree(scratch, ignore_errors=True)
    return status


async def session(client, editor, root):
    result = await asyncio.wait_for(client.initialize_async(types.InitializeParams(
        process_id=os.getpid(),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="project")],
        capabilities=types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True, code_description_support=True,
                                                                               data_support=True, version_support=True)),
            window=types.WindowClientCapabilities(show_document=types.ShowDocumentClientCapabilities(support=True))))), DEADLINE)
    capabilities = result.capabilities
    sync = capabilities.text_document_sync
    check(isinstance(sync, types.TextDocumentSyncOptions) and sync.change == types.TextDocumentSyncKind.Full and sync.open_close and sync.save,
          f"textDocumentSync: {sync}")
    check(types.CodeActionKind.QuickFix in (capabilities.code_action_provider.code_action_kinds or []), f"codeActionProvider: {capabilities.code_action_provider}")
    check("taintline.openDocumentation" in capabilities.execute_command_provider.commands, f"executeCommandProvider: {capabilities.execute_command_provider}")
    check(result.server_info.name == "taintline", f"serverInfo: {result.server_info}")
    client.initialized(types.InitializedParams())
    print("initialize: full sync with save, quick fixes, the documentation command")

    # Unknown requests get MethodNotFound; a malformed message gets an error and changes nothing.
    try:
        await asyncio.wait_for(client.protocol.send_request_async("taintline/noSuchMethod", {}), DEADLINE)
        raise Failure("an unknown request was answered without an error")
    except JsonRpcMethodNotFound:
        pass
    client.protocol.notify("taintline/noSuchNotification", {})
    client._server.stdin.write(b"Content-Length: 9\r\n\r\n{not json")
    client._server.stdin.write(b"Content-Length: many\r\n\r\n")
    print("unknown request: MethodNotFound; malformed messages did not stop the server")

    loader = editor.open("app/loader.py")
    helpers = editor.open("app/helpers.py")
    views = editor.open("app/views.py")

    # --- yaml.load: range in UTF-16 units on a line with non-ASCII text, severity, documentation.
    found = await editor.diagnostics_of_version(loader, "the diagnostics of loader.py")
    yaml_loads = sorted((d for d in found if d.code == "TL-B506"), key=lambda d: d.range.start.line)
    check(len(yaml_loads) == 2, f"two TL-B506 in loader.py, got {[(d.code, d.range) for d in found]}")
    first = yaml_loads[0]
    line = LOADER.split("\n")[4]
    start = utf16_column(line, line.index("yaml.load"))
    end = utf16_column(line, line.index("yaml.load(data)") + len("yaml.load(data)"))
    check(start == line.index("yaml.load") + 1, "the test line must hold a character beyond the BMP before the finding")
    check((first.range.start.line, first.range.start.character, first.range.end.line, first.range.end.character) == (4, start, 4, end),
          f"TL-B506 range {first.range}, expected 4:{start}-4:{end}")
    check(first.severity == types.DiagnosticSeverity.Warning, f"a medium finding is a warning, got {first.severity}")
    check(first.source == "taintline", f"source {first.source}")
    check(first.code_description is not None and first.code_description.href == "https://bandit.readthedocs.io/en/latest/plugins/b506_yaml_load.html",
          f"codeDescription {first.code_description}")
    check("yaml.load" in first.message and "Loader" in first.message, f"message {first.message!r}")
    print(f"TL-B506: range 4:{start}-4:{end} (UTF-16), warning, {first.code_description.href}")

    # --- The cross-module flow: request data in views.py reaches a shell in helpers.py.
    found = await editor.diagnostics_of_version(helpers, "the diagnostics of helpers.py")
    shell = [d for d in found if d.code == "TL-B602"]
    check(len(shell) == 1, f"one TL-B602 in helpers.py, got {[(d.code, d.range) for d in found]}")
    shell = shell[0]
    check(shell.severity == types.DiagnosticSeverity.Error, f"request data in a shell is an error, got {shell.severity}")
    related = shell.related_information or []
    check(any(item.location.uri == views and item.location.range.start.line == 9 and "request.args" in item.message for item in related),
          f"a step at views.py line 10 among {[(item.location.uri, item.location.range.start.line, item.message) for item in related]}")
    check(any(item.location.uri == helpers for item in related), "the flow ends at the sink in helpers.py")
    check(not any(d.code == "TL-B404" for d in found), "the configuration's ignore = [\"TL-B404\"] applies")
    print(f"TL-B602: error, {len(related)} flow steps, views.py:10 among them")

    # --- Code actions of the yaml.load finding: its safe fix, the ignore comment, the documentation.
    actions = await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=loader), range=first.range,
        context=types.CodeActionContext(diagnostics=[first]))), DEADLINE)
    titles = [action.title for action in actions]
    check(titles == ["Fix TL-B506: Use `yaml.safe_load`", "Ignore TL-B506 on this line", "Open documentation for TL-B506"], f"actions {titles}")
    fix = actions[0]
    check(fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred and fix.diagnostics[0].code == "TL-B506", f"fix action {fix}")
    fixed = apply_edits(editor.texts[loader], fix.edit.changes[loader])
    check('label, config = "é😀", yaml.safe_load(data)' in fixed, f"the fix must make yaml.safe_load, got {fixed!r}")
    editor.change(loader, fixed)
    found = await editor.diagnostics_of_version(loader, "the diagnostics of the fixed loader.py")
    check([d.range.start.line for d in found if d.code == "TL-B506"] == [9], f"only the other yaml.load is left: {[(d.code, d.range) for d in found]}")
    print("fix: applied as an editor applies it; that diagnostic went, the other stayed")

    # --- Ignore on a statement whose first line ends inside a string: the comment goes where it works.
    second = [d for d in found if d.code == "TL-B506"][0]
    actions = await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=loader), range=second.range, context=types.CodeActionContext(diagnostics=[second]))), DEADLINE)
    ignore = [action for action in actions if action.title == "Ignore TL-B506 on this line"]
    check(len(ignore) == 1, f"an ignore action, got {[action.title for action in actions]}")
    edits = ignore[0].edit.changes[loader]
    check(len(edits) == 1 and edits[0].range.start.line == 10 and edits[0].new_text.endswith("# taintline: ignore[TL-B506] -- reason"),
          f"the comment goes at the end of the statement's last line (10), not inside the string: {edits}")
    ignored = apply_edits(editor.texts[loader], edits)
    check('""" + extra)  # taintline: ignore[TL-B506] -- reason' in ignored, f"ignored text {ignored!r}")
    editor.change(loader, ignored)
    found = await editor.diagnostics_of_version(loader, "the diagnostics of loader.py with the ignore comment")
    check(len(found) == 0, f"loader.py is clean: {[(d.code, d.range) for d in found]}")
    print("ignore: the comment silences the finding on a two-line statement")

    # --- A hard-coded credential: reported, never shown whole; an unsafe fix says so.
    settings = editor.open("app/settings.py")
    found = await editor.diagnostics_of_version(settings, "the diagnostics of settings.py")
    codes = sorted(d.code for d in found)
    check("TL-B105" in codes and "TL-B113" in codes, f"a hard-coded secret and a request without a timeout in settings.py: {codes}")
    converter = client.protocol._converter
    shown = repr(converter.unstructure(found))
    check(TOKEN not in shown and TOKEN[:12] not in shown and "ghp_" in shown, f"the token must be masked in the diagnostics: {shown}")
    for diagnostic in found:
        actions = await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=settings), range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]))), DEADLINE)
        check(TOKEN[:12] not in repr(converter.unstructure(actions)), f"no code action of {diagnostic.code} may show the token")
        if diagnostic.code == "TL-B113":
            fix = [action for action in actions if action.title.startswith("Fix TL-B113")]
            check(len(fix) == 1 and fix[0].title == "Fix TL-B113: Add `timeout=30` (unsafe)" and not fix[0].is_preferred,
                  f"an unsafe fix is marked so: {[action.title for action in actions]}")
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=settings)))
    print("secrets: TL-B105 reported with the token masked; TL-B113's fix marked (unsafe)")

    # --- A change in one module (unsaved) changes another open module's diagnostics.
    editor.change(views, editor.texts[views].replace('run(request.args["cmd"])', 'run("ls")'))
    await editor.wait("TL-B602 in helpers.py to lose the request data flow",
                      lambda: any(d.code == "TL-B602" and d.severity == types.DiagnosticSeverity.Warning and not d.related_information
                                  for d in editor.diagnostics.get(helpers, [])))
    check(editor.published_versions[helpers] == editor.versions[helpers], "helpers.py itself did not change")
    print("cross-module: editing views.py (unsaved) turned helpers.py's TL-B602 from an error with a flow into a warning")

    # --- The documentation action: the server asks the editor to show the rule's page.
    shell = [d for d in editor.diagnostics[helpers] if d.code == "TL-B602"][0]
    actions = await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=helpers), range=shell.range, context=types.CodeActionContext(diagnostics=[shell]))), DEADLINE)
    docs = [action for action in actions if action.title == "Open documentation for TL-B602"]
    check(len(docs) == 1 and docs[0].command is not None, f"a documentation action, got {[action.title for action in actions]}")
    check(not any(action.title.startswith("Fix TL-B602") for action in actions), "TL-B602 has no fix")
    await asyncio.wait_for(client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=docs[0].command.command, arguments=docs[0].command.arguments)), DEADLINE)
    await editor.wait("window/showDocument", lambda: len(editor.shown) == 1)
    check(editor.shown[0].uri == shell.code_description.href and editor.shown[0].external, f"showDocument {editor.shown[0]}")
    print(f"documentation: window/showDocument {editor.shown[0].uri}")

    # --- didClose clears that document's diagnostics.
    check(editor.diagnostics[helpers], "helpers.py has a diagnostic before it is closed")
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=helpers)))
    await editor.wait("helpers.py's diagnostics to be cleared", lambda: editor.diagnostics.get(helpers) is not None and len(editor.diagnostics[helpers]) == 0)
    print("didClose: diagnostics cleared")

    await asyncio.wait_for(client.shutdown_async(None), DEADLINE)
    client.exit(None)
    await asyncio.wait_for(client.stop(), DEADLINE)
    check(client._server.returncode == 0, f"exit after shutdown must be status 0, got {client._server.returncode}")
    print("shutdown, exit: status 0")


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1])))
