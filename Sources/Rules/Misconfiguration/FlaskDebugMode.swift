import Dataflow
import Findings
import PythonSyntax

/// B201: Flask's debugger enabled in `app.run`.
enum FlaskDebugMode {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B201", name: "flask-debug-true", summary: "Flask app run with debug=True",
        severity: .high, confidence: .high, owasp: .a05, cwe: 489, bandit: "B201", ruff: "S201",
        what: "Finds `run(debug=True)` on an object created by `flask.Flask(...)` (or `quart.Quart`), however imported.",
        why: "The Werkzeug debugger lets anyone who can trigger an error execute Python in the server process from the browser.",
        example: "app = Flask(__name__)\napp.run(debug=True)",
        useInstead: "app.run(debug=os.environ.get(\"FLASK_DEBUG\") == \"1\")  # and never in production",
        references: [RuleDoc.bandit("plugins/b201_flask_debug_true.html"), "https://flask.palletsprojects.com/en/stable/debugging/"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from flask import Flask
        app = Flask(__name__)
        if __name__ == "__main__":
            app.run(debug=True)  # error: TL-B201
        """),
        RuleExample("""
        import os
        from flask import Flask
        app = Flask(__name__)
        app.run(debug=False)
        app.run(debug=os.environ.get("DEBUG") == "1")
        class Job:
            def run(self, debug=False):
                return debug
        Job().run(debug=True)
        """),
    ], autofix: Autofix(.unsafe, safety: "the debugger and the reloader then run only when the environment sets `FLASK_DEBUG=1`, so a developer who relied on `debug=True` starts the app with `FLASK_DEBUG=1`. `import os` is added when the module has none (and no fix is offered when `os` names something else there).", examples: [
        FixExample("""
        \"\"\"The shop.\"\"\"
        from flask import Flask
        app = Flask(__name__)
        if __name__ == "__main__":
            app.run(host="127.0.0.1", debug=True)
        """, """
        \"\"\"The shop.\"\"\"
        from flask import Flask
        import os
        app = Flask(__name__)
        if __name__ == "__main__":
            app.run(host="127.0.0.1", debug=os.environ.get("FLASK_DEBUG") == "1")
        """),
        FixExample("""
        import os
        import flask
        app = flask.Flask(__name__)
        app.run(debug=True)
        """, """
        import os
        import flask
        app = flask.Flask(__name__)
        app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
        """),
        FixExample("""
        from flask import Flask
        app = Flask(__name__)
        def serve(os):
            app.run(debug=True)
        """, """
        from flask import Flask
        app = Flask(__name__)
        def serve(os):
            app.run(debug=True)
        """),
    ]), check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), case .attribute(let receiver, "run", _) = context.tree[call.function].kind,
              let debug = call.keyword("debug"), context.isTrue(debug),
              let owner = context.model.constructorName(of: receiver), ["flask.Flask", "quart.Quart", "flask.app.Flask"].contains(owner) else { return [] }
        return [context.finding(descriptor, at: call.id, description: "`\(context.text(receiver)).run(debug=True)` enables the interactive Werkzeug debugger: anyone who sees an error page can run code on the server.",
                                remediation: "Remove `debug=True`; enable debugging only through the environment on a developer machine.", fix: "\(context.text(receiver)).run()",
                                autofix: debugFromEnvironment(debug, variable: "FLASK_DEBUG", context))]
    }

    /// `value` (a constant `True`) replaced by a test of the environment variable, with `import os`
    /// added when the module lacks it. Shared with TL-WEB-DEBUG-ENABLED.
    static func debugFromEnvironment(_ value: ExprID, variable: String, _ context: RuleContext) -> Fix? {
        guard let (os, imports) = context.importing(module: "os", before: Int(context.tree[value].range.start)) else { return nil }
        return context.fix("Read debug mode from `\(variable)`", .unsafe,
                           imports + [context.replacing(value, with: "\(os).environ.get(\"\(variable)\") == \"1\"")])
    }
}
