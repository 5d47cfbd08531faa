import Dataflow
import Findings
import PythonSyntax

/// B302: marshal deserialisation.
enum MarshalDeserialization {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B302", name: "marshal-deserialization", summary: "marshal.load(s) of untrusted data",
        severity: .medium, confidence: .high, owasp: .a08, cwe: 502, bandit: "B302", ruff: "S302",
        what: "Finds `marshal.load` and `marshal.loads`.",
        why: "`marshal` is not secure against malformed or malicious data and can load code objects; it is meant for `.pyc` files only.",
        example: "obj = marshal.loads(blob)",
        useInstead: "obj = json.loads(blob)",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b302-marshal"), "https://docs.python.org/3/library/marshal.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import marshal
        obj = marshal.loads(blob)  # error: TL-B302
        """),
        RuleExample("""
        import marshal
        blob = marshal.dumps({"a": 1})
        """),
        RuleExample("""
        import marshal
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/m", methods=["POST"])
        def m():
            return str(marshal.loads(request.data))  # error: TL-B302
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, name == "marshal.load" || name == "marshal.loads" else { return [] }
        // From the request, it is an attacker's stream: code objects and crashes of their making.
        if context.isFixedByProgram(call.args.first) { return [] }
        let origin = call.args.first.flatMap { Taint.isRequestDerived($0, context, kind: .deserialization) }
        let source = origin.map { " from `\($0.text(context))` (\($0.requestField)), which the client controls" } ?? ""
        return [context.finding(descriptor, at: call.id, description: "`\(name)` reads a marshal stream\(source), a format that is unsafe for data from outside the process.",
                                remediation: "Use JSON or another data-only format.",
                                severity: origin == nil ? nil : .high, confidence: origin == nil ? context.unflowedConfidence(descriptor) : .high,
                                flow: origin, proofOfConcept: origin?.proofOfConcept(payload: "<marshal bytes>", context))]
    }
}
