import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Command and argument injection through process calls that use no shell: request data
/// as the program, as the script of `sh -c`, or as an argument that can turn into an option.
/// (Shell forms, `os.system` and `shell=True`, are TL-B605 and TL-B602.)
enum CommandInjection {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-COMMAND-INJECTION", name: "command-injection", summary: "Process started with a program or arguments from the request",
        severity: .high, confidence: .high, owasp: .a03, cwe: 78,
        what: "Finds `subprocess` calls without a shell, `os.exec*`, `os.spawn*`, `os.posix_spawn*` and `asyncio.create_subprocess_exec` where data from the HTTP request (followed through local variables and string building, and from callers anywhere in the project) is the program itself, the whole argument list, or the script of an interpreter's `-c`/`-e` option (`[\"sh\", \"-c\", cmd]`): High. Request data as another argument is argument injection (a value starting with `-` becomes an option, as `--upload-pack=` does for git): Medium, and not reported after a `\"--\"` argument, which ends the options. Commands run through a shell (`os.system`, `shell=True`) are TL-B605 and TL-B602.",
        why: "Whoever chooses the program or an interpreter's script runs any command on the server; an option smuggled into an argument list (`--output=/etc/cron.d/x`, `-oProxyCommand=...`) often does the same through the program's own features.",
        example: "host = request.args[\"host\"]\nsubprocess.run([\"sh\", \"-c\", \"ping -c 1 \" + host])",
        useInstead: "host = request.args[\"host\"]\nif not HOSTNAME.fullmatch(host):\n    abort(400)\nsubprocess.run([\"ping\", \"-c\", \"1\", \"--\", host], check=True)",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html",
                     "https://cwe.mitre.org/data/definitions/88.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import os, subprocess
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/run")
        def run():
            cmd = request.args.get("cmd")
            subprocess.check_output(["sh", "-c", cmd])  # error: TL-WEB-COMMAND-INJECTION
            subprocess.run(request.args["program"])  # error: TL-WEB-COMMAND-INJECTION
            subprocess.Popen(request.json["argv"])  # error: TL-WEB-COMMAND-INJECTION
            os.execvp(request.form["tool"], ["tool"])  # error: TL-WEB-COMMAND-INJECTION
            return "ok"

        @app.route("/clone")
        def clone():
            repo = request.form["repo"]
            subprocess.run(["git", "clone", repo, "/srv/checkout"], check=True)  # error: TL-WEB-COMMAND-INJECTION[CWE-88]
            return "ok"

        @app.route("/grep")
        def grep():
            # The list held in a name is still argv: the program is fixed, the pattern an argument.
            args = ["grep", request.args["pattern"], "/srv/log"]
            out = subprocess.run(args, capture_output=True)  # error: TL-WEB-COMMAND-INJECTION[CWE-88]
            extra = ["grep", "-r"]
            extra.insert(0, request.args["tool"])
            subprocess.run(extra)  # error: TL-WEB-COMMAND-INJECTION
            return out.stdout
        """),
        RuleExample("""
        import subprocess, sys
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/echo")
        def echo():
            word = request.args["w"]
            script = [sys.executable, "-c", "import sys; print(sys.argv[1])", word]
            out = subprocess.run(script, capture_output=True)
            subprocess.run(["echo", word])
            return out.stdout
        """),
        RuleExample("""
        import asyncio
        from fastapi import FastAPI
        app = FastAPI()

        @app.get("/py")
        async def py(expr: str):
            proc = await asyncio.create_subprocess_exec("python3", "-c", expr)  # error: TL-WEB-COMMAND-INJECTION
            return await proc.wait()
        """),
        RuleExample("""
        import subprocess
        from flask import Flask, request, abort
        app = Flask(__name__)
        TOOLS = {"ping": "/bin/ping", "dig": "/usr/bin/dig"}

        @app.route("/safe")
        def safe():
            host = request.args["host"]
            subprocess.run(["ping", "-c", "1", "--", host], check=True)
            subprocess.run([TOOLS.get("ping"), "-c", "1"], check=True)
            subprocess.run(["convert", "in.png", "out.png"], check=True)
            return "ok"

        @app.route("/checked")
        def checked():
            host = request.args.get("host", "127.0.0.1")
            if not host.replace(".", "").isalnum():
                abort(400)
            return subprocess.check_output(["ping", "-c", "1", host])

        def job(path):
            subprocess.run(["sh", "-c", path])
        """),
        // The standard library's servers: a `BaseHTTPRequestHandler` (its `self.path` and
        // headers, also through a base class of the module) and a plain WSGI application.
        RuleExample("""
        import base64
        import subprocess
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import parse_qs, urlparse

        class Base(BaseHTTPRequestHandler):
            pass

        class Handler(Base):
            def do_GET(self):
                host = parse_qs(urlparse(self.path).query).get("host", [""])[0]
                subprocess.run(["ping", "-c", "1", host])  # error: TL-WEB-COMMAND-INJECTION[CWE-88]
                count = parse_qs(urlparse(self.path).query).get("count", ["1"])[0]
                if count.isdigit():
                    print("count ok")
                subprocess.run(["sh", "-c", "ping -c " + count + " example.com"])  # error: TL-WEB-COMMAND-INJECTION
                agent = self.headers.get("User-Agent")
                subprocess.run(["sh", "-c", "echo " + agent])  # error: TL-WEB-COMMAND-INJECTION

        def application(environ, start_response):
            params = parse_qs(environ.get("QUERY_STRING", ""))
            target = base64.b64decode(base64.b64encode(params["target"][0].encode())).decode()
            out = subprocess.check_output(["sh", "-c", "nslookup " + target])  # error: TL-WEB-COMMAND-INJECTION
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [out]
        """),
        RuleExample("""
        import base64
        import shlex
        import subprocess
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import parse_qs, urlparse

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                host = parse_qs(urlparse(self.path).query).get("host", [""])[0]
                subprocess.run(["sh", "-c", "ping -c 1 " + shlex.quote(host)])
                subprocess.run(["ping", "-c", "1", "--", host])

        ALLOWED_TOOLS = ("ping", "traceroute")

        class Checked(BaseHTTPRequestHandler):
            def do_GET(self):
                query = parse_qs(urlparse(self.path).query)
                tool = query.get("tool", [""])[0]
                if tool not in ALLOWED_TOOLS:
                    self.send_error(400)
                    return
                count = query.get("count", ["1"])[0]
                if not count.isdigit():
                    return
                subprocess.run(["sh", "-c", tool + " -c " + count + " example.com"])

        class Plain:
            def run(self):
                subprocess.run(["sh", "-c", "ls " + self.path])

        def application(environ, start_response):
            client = environ["REMOTE_ADDR"]
            subprocess.run(["sh", "-c", "logger seen " + client])
            token = base64.b64encode(environ.get("QUERY_STRING", "").encode()).decode()
            subprocess.run(["sh", "-c", "echo " + token])
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        """),
        // Through a lambda (its body, with the call's arguments for its parameters) and a
        // partial application (the function it binds, with the bound arguments first).
        RuleExample("""
        import functools
        import shlex
        import subprocess
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/lambda")
        def through_lambda():
            wrap = lambda text: "echo " + text
            subprocess.run(["sh", "-c", wrap(request.args["q"])])  # error: TL-WEB-COMMAND-INJECTION
            quoted = lambda text: "echo " + shlex.quote(text)
            subprocess.run(["sh", "-c", quoted(request.args["q"])])
            fixed = lambda text: "echo hello"
            subprocess.run(["sh", "-c", fixed(request.args["q"])])

        @app.route("/partial")
        def through_partial():
            shell = functools.partial(subprocess.run, ["sh", "-c"])
            run = functools.partial(subprocess.run, check=True)
            run(["sh", "-c", "ls " + request.args["dir"]])  # error: TL-WEB-COMMAND-INJECTION
            run(["ls", "--", "fixed"])
        """),
        // Stored into a container the flow facts do not follow slot by slot (a defaultdict, a
        // set, an object a library made, a slot rewritten with `+=`), then read back.
        RuleExample("""
        import subprocess
        from collections import defaultdict
        from flask import Flask, request
        import storage
        app = Flask(__name__)

        @app.route("/stores")
        def stores():
            x = request.args["x"]
            d = defaultdict(str)
            d["k"] = x
            subprocess.run(["sh", "-c", d["k"]])  # error: TL-WEB-COMMAND-INJECTION
            s = set()
            s.add(x)
            subprocess.run(["sh", "-c", " ".join(s)])  # error: TL-WEB-COMMAND-INJECTION
            box = storage.make_box()
            box["cmd"] = x
            subprocess.run(["sh", "-c", box["cmd"]])  # error: TL-WEB-COMMAND-INJECTION
            parts = ["ls "]
            parts[0] += x
            subprocess.run(["sh", "-c", parts[0]])  # error: TL-WEB-COMMAND-INJECTION
            subprocess.run(["sh", "-c", x * 2])  # error: TL-WEB-COMMAND-INJECTION
            fixed = defaultdict(str)
            fixed["k"] = "ls"
            subprocess.run(["sh", "-c", fixed["k"]])
            later = set()
            subprocess.run(["sh", "-c", " ".join(later)])
            later.add(x)
        """),
        // Kept on an object built here (its class stores the constructor's argument, or the
        // code sets the attribute itself), and read through a bound method held in a local.
        RuleExample("""
        import subprocess
        from flask import Flask, request
        app = Flask(__name__)

        class Job:
            def __init__(self, target):
                self.target = target
                self.kind = "ping"

        class Bag:
            pass

        @app.route("/job")
        def job():
            j = Job(request.args["host"])
            subprocess.run(["sh", "-c", "ping " + j.target])  # error: TL-WEB-COMMAND-INJECTION
            subprocess.run(["sh", "-c", j.kind + " localhost"])
            b = Bag()
            b.host = request.args["host"]
            b.mode = "fast"
            subprocess.run(["sh", "-c", "ping " + b.host])  # error: TL-WEB-COMMAND-INJECTION
            subprocess.run(["sh", "-c", "ping -m " + b.mode])
            get = request.args.get
            subprocess.run(["sh", "-c", "ping " + get("h")])  # error: TL-WEB-COMMAND-INJECTION
            body = request.get_data
            subprocess.run(["sh", "-c", "echo " + body(as_text=True)])  # error: TL-WEB-COMMAND-INJECTION
        """),
        // A Django request read as a file, line by line.
        RuleExample("""
        import subprocess
        from django.http import HttpResponse

        def upload(request):
            for line in request:
                subprocess.run(["sh", "-c", "echo " + line.decode()])  # error: TL-WEB-COMMAND-INJECTION
            for name in ("a", "b"):
                subprocess.run(["sh", "-c", "echo " + name])
            return HttpResponse("ok")
        """),
    ], check: { check($0, $1) })

    /// Programs none of whose options writes a file, runs a command or reads another file than
    /// those named: an argument starting with `-` changes only what they print.
    static let harmlessOptions: Set<String> = ["echo", "printf", "true", "false", "basename", "dirname", "wc", "uname", "whoami", "id"]

    /// Programs whose `-c`/`-e` option takes code.
    static let interpreters: Set<String> = ["sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "csh", "tcsh", "cmd", "cmd.exe",
                                            "powershell", "powershell.exe", "pwsh", "python", "python2", "python3", "perl", "ruby",
                                            "node", "php", "lua", "osascript"]
    static let codeOptions: Set<String> = ["-c", "/c", "/C", "-e", "-Command", "-command", "--command", "-r", "--eval", "-E"]

    enum Kind { case program, argumentList, script, argument }

    /// What a process call is given: a separate program path (`os.execv(path, ...)`) and
    /// either a literal list of arguments or one expression for the whole command.
    struct Command {
        var program: ExprID?
        var elements: [ExprID]?
        var whole: ExprID?
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, let command = command(of: call, context) else { return [] }
        var found: (Kind, ExprID, RequestOrigin)?
        if let program = command.program, let origin = Taint.isRequestDerived(program, context, kind: .command) {
            found = (.program, program, origin)
        } else if let elements = command.elements {
            found = element(elements, program: command.program, context)
        } else if let whole = command.whole {
            if let elts = argumentList(whole, context) {
                found = element(elts, program: command.program, context)
            } else if case .list(let elts, _) = context.tree[whole].kind {
                found = element(elts, program: command.program, context)
            } else if case .tuple(let elts, _) = context.tree[whole].kind {
                found = element(elts, program: command.program, context)
            } else if let origin = Taint.isRequestDerived(whole, context, kind: .command) {
                // A string is the program's path; anything else is a whole argument vector.
                // A JSON document can carry a list; form fields, query parameters and path parts are text.
                let list = !isString(whole, context) && origin.input(context).kind == .json
                found = (list ? .argumentList : .program, whole, origin)
            }
        }
        guard let (kind, expr, origin) = found, !Taint.isValidated(expr, context) else { return [] }
        let shown = "`\(context.text(expr, limit: 40))`"
        let source = "`\(origin.text(context))` (\(origin.requestField))"
        let description: String
        var severity: Severity? = nil
        var confidence: Confidence? = nil
        let payload: String
        switch kind {
        case .program:
            description = "`\(name)` runs the program \(shown), which comes from \(source): the client chooses what the server executes."
            payload = "/bin/sh"
        case .argumentList:
            description = "`\(name)` runs the argument vector \(shown), which comes from \(source): the client chooses the program and its arguments."
            payload = "[\"sh\", \"-c\", \"id\"]"
        case .script:
            description = "`\(name)` passes \(shown), which carries \(source), as the script of an interpreter's code option: the client runs any command."
            payload = "id; cat /etc/passwd"
        case .argument:
            description = "`\(name)` passes \(shown), which carries \(source), as an argument: a value starting with `-` is read as an option (argument injection, CWE-88), which some programs turn into file writes or command execution. No shell is involved and the program is fixed, so this is Low."
            // The program and the shell are fixed: what the value can do depends on the program's
            // options, so it is a Low argument-injection finding (CWE-88), not command injection.
            severity = .low
            confidence = .low
            payload = "--help"
        }
        return [context.finding(descriptor, at: call.id, description: description,
                                remediation: kind == .argument
                                    ? "Validate the value against a strict pattern, and put `\"--\"` before it so the program cannot read it as an option."
                                    : "Never let the request choose the program or an interpreter's script: map a client-supplied key to a fixed command list, and pass request values only as validated arguments after `\"--\"`.",
                                fix: kind == .argument ? nil : "subprocess.run([\"/usr/bin/tool\", \"--\", validated_value], check=True)",
                                severity: severity, confidence: confidence,
                                flow: origin, proofOfConcept: origin.proofOfConcept(payload: payload, context),
                                properties: kind == .argument ? ["cwe": "CWE-88"] : [:])]
    }

    /// The parts of the command a process call runs without a shell, from the catalog's command
    /// rows: a separate program path, its arguments one by one, or one argument vector. Calls
    /// that run a shell are the shell rules' (TL-B602, TL-B605), which carry the flow too.
    static func command(of call: CallInfo, _ context: RuleContext) -> Command? {
        let sinks = context.sinks(call, .command)
        guard !sinks.isEmpty, !sinks.contains(where: { $0.model.role == SinkCatalog.CommandRole.shell }) else { return nil }
        var command = Command()
        for sink in sinks {
            switch sink.model.role {
            case SinkCatalog.CommandRole.program: command.program = sink.argument
            case SinkCatalog.CommandRole.argv, SinkCatalog.CommandRole.argumentVector: command.whole = sink.argument
            case SinkCatalog.CommandRole.arguments: command.elements = (command.elements ?? []) + [sink.argument]
            default: break
            }
        }
        return command
    }

    /// The literal argument list a name holds (`args = ["echo", word]; run(args)`) when the
    /// function changed nothing in it since: what the container facts say it holds is exactly
    /// the literal's elements.
    static func argumentList(_ expr: ExprID, _ context: RuleContext) -> [ExprID]? {
        guard case .name = context.tree[expr].kind, let value = context.model.followingOneAssignment(expr), value != expr else { return nil }
        let elts: [ExprID]
        switch context.tree[value].kind {
        case .list(let e, _), .tuple(let e, _): elts = e
        default: return nil
        }
        if case .tuple = context.tree[value].kind { return elts }
        guard let held = context.flow.containerContents[expr], Set(held) == Set(elts) else { return nil }
        return elts
    }

    /// The first request-derived element of a literal argument list, and what it is.
    static func element(_ elts: [ExprID], program: ExprID?, _ context: RuleContext) -> (Kind, ExprID, RequestOrigin)? {
        // The interpreter is the separate program when there is one (`execvp("sh", ["sh", "-c", x])`
        // names it twice), else the list's first element.
        let first = (program ?? elts.first).flatMap { programText($0, context) }.map(programName)
        let listStartsWithProgram = program == nil
        var optionsEnded = false
        var previous: String?
        for (index, element) in elts.enumerated() {
            var value = element
            if case .starred(let inner, _) = context.tree[element].kind { value = inner }
            if let text = context.string(value) {
                if text == "--" { optionsEnded = true }
                // `python -c CODE arg...`: what follows the code is the script's `sys.argv`,
                // never read as the interpreter's options.
                if let first, interpreters.contains(first), let option = previous, codeOptions.contains(option) { optionsEnded = true }
                previous = text
                continue
            }
            defer { previous = nil }
            guard let origin = Taint.isRequestDerived(value, context, kind: .command) else { continue }
            if index == 0 && listStartsWithProgram { return (.program, value, origin) }
            if let first, interpreters.contains(first), let option = previous, codeOptions.contains(option) { return (.script, value, origin) }
            if !optionsEnded, !startsWithConstantNonOption(value, context), !(first.map { harmlessOptions.contains($0) } ?? false) {
                return (.argument, value, origin)
            }
        }
        return nil
    }

    /// `"--name=" + value` or `f"/srv/{x}"`: the argument starts with constant text, so it
    /// cannot begin with `-` (or is already a fixed option) whatever the request sends.
    static func startsWithConstantNonOption(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard case .literal(let prefix)? = context.model.stringShape(of: expr).parts.first, !prefix.isEmpty else { return false }
        return prefix != "-"
    }

    /// A program as text: a constant, or `sys.executable` (the running Python).
    static func programText(_ expr: ExprID, _ context: RuleContext) -> String? {
        if let text = context.string(expr) { return text }
        return context.qualifiedName(expr) == "sys.executable" ? "python3" : nil
    }

    /// The last component of a constant program path (`/bin/sh` → `sh`).
    static func programName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    static func isString(_ expr: ExprID, _ context: RuleContext) -> Bool {
        switch context.tree[expr].kind {
        case .joinedStr, .binOp(_, .add, _), .binOp(_, .mod, _): return true
        default: return false
        }
    }
}
