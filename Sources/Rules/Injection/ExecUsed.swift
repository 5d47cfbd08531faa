import Dataflow
import Findings
import PythonSyntax

/// B102: `exec` of code that is not a constant.
enum ExecUsed {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B102", name: "exec-used", summary: "exec of dynamically built code",
        severity: .medium, confidence: .high, owasp: .a03, cwe: 95, bandit: "B102", ruff: "S102",
        what: "Finds calls to the builtin `exec` (not a local function or method named `exec`) whose code argument is not a constant string.",
        why: "`exec` runs arbitrary Python; if any part of the code string comes from a user, they can run anything the process can (code injection, CWE-94/95).",
        example: "exec(f\"result = {expression}\")",
        useInstead: "import ast\nresult = ast.literal_eval(expression)  # or a dispatch table of allowed operations",
        references: [RuleDoc.bandit("plugins/b102_exec_used.html"), "https://docs.python.org/3/library/functions.html#exec"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        def run(code):
            exec(code)  # error: TL-B102
            exec("x = " + code, {})  # error: TL-B102
        """),
        RuleExample("""
        exec("print('hello')")
        class Runner:
            def exec(self, q):
                return q
        Runner().exec(query)
        def f(exec):
            exec(code)
        """),
        RuleExample("""
        SNIPPETS = ("x = 1", "y = 2")
        def run(snippet):
            if snippet not in SNIPPETS:
                return
            exec(snippet)
        def run_any(snippet):
            exec(snippet)  # error: TL-B102
        """),
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/run", methods=["POST"])
        def run():
            exec(request.form["code"])  # error: TL-B102[CWE-94]
            return "ok"
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), call.name == "builtins.exec", let code = call.argument(0, "source") else { return [] }
        // A constant, or a value a check restricted to a safe shape or to an allow-list.
        if context.string(code) != nil || context.isRestrictedByChecks(code) { return [] }
        if context.isFixedByProgram(code) { return [] }
        let origin = Taint.isRequestDerived(code, context, kind: .code)
        let source = origin.map { ", which carries `\($0.text(context))` from the \($0.requestField)" } ?? ", code assembled at run time"
        return [context.finding(descriptor, at: call.id,
                                description: "`exec` runs `\(context.text(code))`\(source): whoever controls it runs arbitrary Python.",
                                remediation: "Replace `exec` with explicit code: a dispatch table of allowed operations, or `ast.literal_eval` for data.",
                                severity: origin == nil ? nil : .critical, confidence: origin == nil ? context.unflowedConfidence(descriptor) : .high,
                                // Request data run as code is code injection (CWE-94), as labelled suites file it.
                                flow: origin, proofOfConcept: origin?.proofOfConcept(payload: "import os; os.system('id')", context), properties: origin == nil ? [:] : ["cwe": "CWE-94"])]
    }
}
