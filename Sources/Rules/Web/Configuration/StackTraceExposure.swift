import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// A view that returns a formatted traceback to the client.
enum StackTraceExposure {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-STACKTRACE-EXPOSURE", name: "stack-trace-exposure", summary: "Stack trace returned in an HTTP response",
        severity: .medium, confidence: .high, owasp: .a04, cwe: 209,
        what: "Finds a `return` in a web view (a Flask/Quart/FastAPI route function, or a Django view taking `request`) whose value contains `traceback.format_exc()`, `traceback.format_exception(...)`, `traceback.format_tb(...)` or `traceback.format_stack()`, directly, inside the response it builds (`make_response`, `jsonify`, `HttpResponse`, `render_template(..., trace=...)`), or through a local variable assigned one of them.",
        why: "A traceback names source files, library versions, code lines and often the values in them (SQL text, paths, keys): it maps the application for an attacker and can leak secrets. The details belong in the server log.",
        example: "try:\n    do_computation()\nexcept Exception:\n    return traceback.format_exc()",
        useInstead: "try:\n    do_computation()\nexcept Exception:\n    app.logger.exception(\"computation failed\")\n    return \"Internal error\", 500",
        references: ["https://owasp.org/www-community/Improper_Error_Handling",
                     "https://cwe.mitre.org/data/definitions/209.html"])

    static let rule = Rule(descriptor, on: [.return], examples: [
        RuleExample("""
        import traceback
        from flask import Flask, jsonify
        app = Flask(__name__)

        @app.route("/bad")
        def server_bad():
            try:
                do_computation()
            except Exception:
                return traceback.format_exc()  # error: TL-WEB-STACKTRACE-EXPOSURE

        @app.route("/api")
        def api():
            try:
                do_computation()
            except Exception as error:
                trace = traceback.format_exception(error)
                return jsonify(error="failed", trace=trace), 500  # error: TL-WEB-STACKTRACE-EXPOSURE
        """),
        RuleExample("""
        import traceback
        from django.http import HttpResponse

        def report(request):
            try:
                build()
            except ValueError:
                return HttpResponse(traceback.format_exc(), status=500)  # error: TL-WEB-STACKTRACE-EXPOSURE
        """),
        RuleExample("""
        import logging
        import traceback
        from flask import Flask
        app = Flask(__name__)

        @app.route("/good")
        def server_good():
            try:
                do_computation()
            except Exception:
                logging.error(traceback.format_exc())
                return "Internal error", 500

        def describe_failure():
            return traceback.format_exc()

        def trace(request):
            return traceback.format_exc()
        """),
    ], check: { check($0, $1) })

    static let traceFunctions: Set<String> = ["traceback.format_exc", "traceback.format_exception", "traceback.format_tb",
                                              "traceback.format_stack"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard case .statement(let stmt) = node, case .return(let value?) = context.tree[stmt].kind,
              let scope = context.model.scope(of: stmt), case .statement(let function) = context.model[scope].node,
              isView(function, scope, context), let trace = traceCall(in: value, context, followNames: true) else { return [] }
        return [context.finding(descriptor, at: stmt,
                                description: "This view returns `\(trace)` to the client: the traceback shows file paths, code and values from the server.",
                                remediation: "Log the traceback on the server (`logger.exception(...)`) and return a generic error message with status 500.",
                                fix: "app.logger.exception(\"request failed\")\nreturn \"Internal error\", 500")]
    }

    /// A route function, or a Django view (first parameter `request` in a module importing Django).
    static func isView(_ function: StmtID, _ scope: ScopeID, _ context: RuleContext) -> Bool {
        if Taint.RouteKind.of(function, context) != nil { return true }
        let def: FunctionDef
        switch context.tree[function].kind {
        case .functionDef(let d), .asyncFunctionDef(let d): def = d
        default: return false
        }
        guard Taint.importsModule(["django", "rest_framework"], context) else { return false }
        let params = context.tree.parameters(of: def.args)
        let isMethod = context.model[scope].parent.map { context.model[$0].kind == .class } ?? false
        let index = isMethod ? 1 : 0
        return params.count > index && params[index].arg == "request"
    }

    /// The first traceback-formatting call inside `expr` (a local variable assigned one is
    /// followed once), as written.
    static func traceCall(in expr: ExprID, _ context: RuleContext, followNames: Bool, depth: Int = 0) -> String? {
        guard depth < 12 else { return nil }
        switch context.tree[expr].kind {
        case .call:
            if let name = context.call(expr)?.name, traceFunctions.contains(name) { return context.text(expr, limit: 40) }
        case .name:
            guard followNames else { return nil }
            let defs = context.model.reachingBindings(of: expr)
            for def in defs {
                if case .assignment(let bound?) = context.model[def].kind,
                   let found = traceCall(in: bound, context, followNames: false, depth: depth + 1) { return found }
            }
            return nil
        case .lambda:
            return nil
        default:
            break
        }
        for child in context.tree.childExprs(of: expr) {
            if let found = traceCall(in: child, context, followNames: followNames, depth: depth + 1) { return found }
        }
        return nil
    }
}
