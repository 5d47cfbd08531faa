import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Code injection beyond `eval`/`exec` (TL-B307/TL-B102 report those): request data compiled,
/// imported as a module, run as a script, or evaluated by an expression language.
enum CodeInjection {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-CODE-INJECTION", name: "code-injection", summary: "Request data compiled, imported or evaluated as code",
        severity: .critical, confidence: .high, owasp: .a03, cwe: 94,
        what: "Finds request data (read in the same function, or passed in by a caller anywhere in the project) used as code by a call other than `eval`/`exec` (TL-B307, TL-B102): `compile(x, ...)`, `__import__(x)`, `importlib.import_module(x)`, `runpy.run_module(x)`/`run_path(x)`, `code.InteractiveInterpreter().runsource(x)`, and expression evaluators (`PIL.ImageMath.eval`/`unsafe_eval`, `pandas.eval`, `DataFrame.eval`/`query`, `numexpr.evaluate`, `simpleeval` is not one: it is a safe evaluator). A module name checked against an allow-list first is not reported.",
        why: "Each of these runs code the client chose: a module name imports and runs that module (`__import__('os')` and any module on the path with side effects), `compile` builds a code object for `exec`, and expression evaluators reach Python attributes (`ImageMath.eval` was CVE-2022-22817 and CVE-2023-50447; `pandas.eval` with the python engine evaluates arbitrary expressions).",
        example: "module = importlib.import_module(request.args[\"plugin\"])",
        useInstead: "PLUGINS = {\"csv\": \"app.plugins.csv\", \"pdf\": \"app.plugins.pdf\"}\nname = PLUGINS.get(request.args.get(\"plugin\"))\nif name is None:\n    abort(404)\nmodule = importlib.import_module(name)",
        references: ["https://cwe.mitre.org/data/definitions/94.html",
                     "https://owasp.org/www-community/attacks/Code_Injection"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import importlib, runpy
        from PIL import ImageMath
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/plugin")
        def plugin():
            name = request.args["plugin"]
            module = importlib.import_module("app.plugins." + name)  # error: TL-WEB-CODE-INJECTION
            handler = __import__(name)  # error: TL-WEB-CODE-INJECTION
            runpy.run_module(name)  # error: TL-WEB-CODE-INJECTION
            code = compile(request.form["src"], "<user>", "exec")  # error: TL-WEB-CODE-INJECTION
            return str(ImageMath.eval(request.args["expr"], a=1))  # error: TL-WEB-CODE-INJECTION
        """),
        RuleExample("""
        import importlib
        from flask import Flask, abort, request
        app = Flask(__name__)
        PLUGINS = {"csv", "pdf"}

        @app.route("/plugin")
        def plugin():
            name = request.args["plugin"]
            if name not in PLUGINS:
                abort(404)
            module = importlib.import_module("app.plugins." + name)
            code = compile("x + 1", "<expr>", "eval")
            other = importlib.import_module(request.args.get("m", "json").isidentifier() and "json" or "csv")
            return str(module)
        """),
        // Request text written into a Python module, run when imported.
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/plugin", methods=["POST"])
        def plugin():
            with open("plugins/custom.py", "w") as out:
                out.write(request.form["code"])  # error: TL-WEB-CODE-INJECTION
            with open("plugins/custom.cfg", "w") as cfg:
                cfg.write(request.form["code"])
            return "ok"
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        // Request text written into a Python module: run when it is imported.
        if let written = WrittenFiles.write(call.id, context.model), written.role == .code,
           let origin = Taint.isRequestDerived(written.data, context, kind: .code) {
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(context.text(call.function, limit: 40))` writes `\(origin.text(context))` (\(origin.requestField)) into `\(written.path)`, a Python module: the client's code runs when it is imported.",
                                    remediation: "Never write request data into source files. Keep user content as data (a database row, a JSON file) that the code reads.",
                                    flow: origin, proofOfConcept: origin.proofOfConcept(payload: "import os; os.system('id')", context))]
        }
        guard let sink = context.sinks(call, .code).first else { return [] }
        let code = sink.argument
        let shown = sink.callee.hasPrefix(".") ? String(sink.callee.dropFirst()) : sink.callee
        guard context.string(code) == nil,
              let origin = Taint.isRequestDerived(code, context, kind: .code), !Taint.isValidated(code, context) else { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(shown)` runs `\(context.text(code, limit: 40))` as code, and it carries `\(origin.text(context))` (\(origin.requestField)): the client chooses the code the server runs.",
                                remediation: "Never compile, import or evaluate request data. Map the client's choice to one of a fixed set of modules or operations (a dict lookup), and parse data with `json.loads` or `ast.literal_eval`.",
                                fix: "module = importlib.import_module(ALLOWED[name])",
                                flow: origin, proofOfConcept: origin.proofOfConcept(payload: "os", context))]
    }
}
