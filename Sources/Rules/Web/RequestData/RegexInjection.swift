import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Regular-expression injection: a pattern taken from the request (catastrophic backtracking).
enum RegexInjection {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-REGEX-INJECTION", name: "regex-injection", summary: "Regular expression built from request data",
        severity: .medium, confidence: .high, owasp: .a03, cwe: 1333,
        what: "Finds `re.compile`, `re.search`, `re.match`, `re.fullmatch`, `re.findall`, `re.finditer`, `re.sub`, `re.subn` and `re.split` (and the `regex` module's) whose pattern carries data from the HTTP request (read in the same function, or passed in by a caller anywhere in the project). Values passed through `re.escape` are not reported.",
        why: "Python's `re` backtracks: a pattern such as `(a+)+$` sent by a client takes exponential time on a modest string and ties up a worker per request (ReDoS); the client can also widen a match meant to be narrow.",
        example: "re.search(request.args[\"q\"], text)",
        useInstead: "re.search(re.escape(request.args[\"q\"]), text)  # or: request.args[\"q\"] in text",
        references: ["https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS", "https://cwe.mitre.org/data/definitions/1333.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import re
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/search")
        def search():
            pattern = request.args["q"]
            hits = [line for line in open("log.txt") if re.search(pattern, line)]  # error: TL-WEB-REGEX-INJECTION
            compiled = re.compile("^" + request.args["prefix"])  # error: TL-WEB-REGEX-INJECTION
            return str(hits)
        """),
        RuleExample("""
        import re
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/search")
        def search():
            word = request.args["q"]
            hits = re.findall(re.escape(word), "text")
            words = re.split(r"\\s+", word)
            return str(hits)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let sink = context.sinks(call, .regex).first else { return [] }
        let name = sink.callee, pattern = sink.argument
        guard let origin = Taint.isRequestDerived(pattern, context, kind: .regex) else { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` uses the pattern `\(context.text(pattern, limit: 50))`, which carries `\(origin.text(context))` (\(origin.requestField)): a client-chosen pattern can backtrack for minutes (ReDoS) or match more than intended.",
                                remediation: "Escape the value with `re.escape(...)` when it is meant literally (or use `in`/`str.find`); if users must write patterns, use a linear-time engine (`google-re2`) with a length limit.",
                                fix: "\(name)(re.escape(value), ...)",
                                flow: origin, proofOfConcept: origin.proofOfConcept(payload: "(a+)+$", context) + "\n# then a subject such as 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' makes the match take exponential time")]
    }
}
