import Dataflow
import Findings
import PythonSyntax

/// B307: `eval` of an expression that is not a constant.
enum EvalUsed {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B307", name: "eval-used", summary: "eval of a dynamically built expression",
        severity: .medium, confidence: .high, owasp: .a03, cwe: 95, bandit: "B307", ruff: "S307",
        what: "Finds calls to the builtin `eval` whose argument is not a constant. `ast.literal_eval` and methods called `eval` are not reported.",
        why: "`eval` evaluates arbitrary Python expressions: `__import__('os').system(...)` in user input runs commands (code injection).",
        example: "value = eval(request.args[\"n\"])",
        useInstead: "import ast\nvalue = ast.literal_eval(request.args[\"n\"])",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b307-eval"), "https://docs.python.org/3/library/ast.html#ast.literal_eval"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        def calc(expression):
            return eval(expression)  # error: TL-B307
        """, fixes: [2: "ast.literal_eval(expression)"]),
        // `ast.literal_eval` takes source text, not a code object: the fix parses what was compiled.
        RuleExample("""
        def calc(source, filename):
            value = eval(compile(source, filename, "eval"))  # error: TL-B307
            code = compile(source.strip(), "<expr>", "eval")
            return eval(code, {})  # error: TL-B307
        """, fixes: [2: "ast.literal_eval(source)", 4: "ast.literal_eval(source.strip())"]),
        RuleExample("""
        import ast
        import textwrap
        ast.literal_eval(text)
        eval("1 + 2")
        eval(textwrap.dedent('''
            1 + 2
        ''').strip())
        model.eval()
        """),
        // Behind an allow-list or a shape check that ends the path when it fails.
        RuleExample("""
        import re
        OPS = {"1 + 1", "2 * 3"}
        def calc(op, name):
            if op not in OPS:
                raise ValueError(op)
            value = eval(op)
            if not re.fullmatch("[a-z_]+", name):
                return None
            found = eval(name)
            if name.isidentifier():
                print("checked, but the path goes on either way")
            return eval(name + op)
        def loose(op):
            if op in OPS:
                print("allowed")
            return eval(op)  # error: TL-B307
        """),
        // Request data evaluated: code injection, CWE-94 (the rule's own CWE-95 names eval of
        // data whose origin is not known).
        RuleExample("""
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/calc")
        def calc():
            return str(eval(request.args["expr"]))  # error: TL-B307[CWE-94]
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), call.name == "builtins.eval", let code = call.argument(0, "source") else { return [] }
        // A constant, or a value a check restricted to a safe shape or to an allow-list.
        if context.string(code) != nil || context.isRestrictedByChecks(code) { return [] }
        // Request data evaluated is remote code execution, not a code smell.
        if context.isFixedByProgram(code) { return [] }
        let origin = Taint.isRequestDerived(code, context, kind: .code)
        let source = origin.map { ", which carries `\($0.text(context))` from the \($0.requestField)" } ?? ", which is computed at run time"
        return [context.finding(descriptor, at: call.id,
                                description: "`eval` evaluates `\(context.text(code))`\(source): an attacker-controlled expression runs arbitrary code.",
                                remediation: "Parse data with `ast.literal_eval` (literals only) or `json.loads`; map operations through an explicit table.",
                                fix: "ast.literal_eval(\(context.text(compiledSource(code, context) ?? code)))",
                                severity: origin == nil ? nil : .critical, confidence: origin == nil ? context.unflowedConfidence(descriptor) : .high,
                                // Request data run as code is code injection (CWE-94), as labelled suites file it.
                                flow: origin, proofOfConcept: origin?.proofOfConcept(payload: "__import__('os').popen('id').read()", context), properties: origin == nil ? [:] : ["cwe": "CWE-94"])]
    }

    /// The source text behind a code object: `compile(source, ...)`, directly or through a
    /// variable assigned once.
    static func compiledSource(_ code: ExprID, _ context: RuleContext) -> ExprID? {
        guard let value = context.model.followingOneAssignment(code), let call = context.call(value), call.name == "builtins.compile" else { return nil }
        return call.argument(0, "source")
    }
}
