import Dataflow
import Findings
import PythonSyntax

/// B301: pickle-family deserialisation.
enum PickleDeserialization {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B301", name: "pickle-deserialization", summary: "pickle, shelve, dill or jsonpickle deserialisation",
        severity: .medium, confidence: .high, owasp: .a08, cwe: 502, bandit: "B301", ruff: "S301",
        what: "Finds `pickle.load(s)`, `pickle.Unpickler`, `_pickle`/`cPickle`, `dill.load(s)`, `shelve.open`, `jsonpickle.decode`, `pandas.read_pickle` and `joblib.load`.",
        why: "Unpickling runs code chosen by whoever wrote the data (`__reduce__`); loading data from a user, a cache or a network peer is remote code execution.",
        example: "obj = pickle.loads(request.data)",
        useInstead: "obj = json.loads(request.data)  # data formats that cannot carry code",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b301-pickle"), "https://docs.python.org/3/library/pickle.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import pickle
        import dill
        from jsonpickle import decode
        def restore(blob, path):
            a = pickle.loads(blob)  # error: TL-B301
            b = dill.load(open(path, "rb"))  # error: TL-B301
            c = decode(blob)  # error: TL-B301
        """),
        // Out of the session the server wrote: reported Low (the app's key guards it).
        RuleExample("""
        import pickle
        from flask import Flask, session
        app = Flask(__name__)

        @app.get("/regions")
        def regions():
            provider = pickle.loads(session["cloud"]["provider_obj"])  # error: TL-B301
            return {"regions": provider.get_regions()}
        """),
        RuleExample("""
        import json
        import pickle
        def save(obj):
            s = pickle.dumps(obj)
            assert pickle.loads(s) == obj
            return pickle.loads(pickle.dumps(obj))
        """),
    ], check: { check($0, $1) })

    static let dumpers: Set<String> = ["pickle.dumps", "_pickle.dumps", "cPickle.dumps", "dill.dumps", "cloudpickle.dumps"]

    static func isOwnDump(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard let value = context.model.followingOneAssignment(expr), let name = context.call(value)?.name else { return false }
        return dumpers.contains(name)
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, SinkCatalog.lists(name, kind: .deserialization) else { return [] }
        // `pickle.loads(pickle.dumps(x))` (also through a variable): a round trip of this
        // process's own object, as tests of picklability do.
        if let data = call.args.first, isOwnDump(data, context) || context.isFixedByProgram(data) { return [] }
        let source = call.args.first.map { " from `\(context.text($0))`" } ?? ""
        // Data from the request (a cookie, the body) is attacker-controlled: remote code execution.
        let origin = call.args.first.flatMap { Taint.isRequestDerived($0, context, kind: .deserialization) }
        let request = origin.map { ", which the client controls (\($0.requestField))" } ?? ""
        if origin == nil, context.isSessionData(call.args.first) {
            return [context.finding(descriptor, at: call.id, description: "`\(name)` deserialises data\(source), from the session the server wrote itself (signed with the app's secret key, or kept server-side): it is safe as long as that key stays secret, and code execution for whoever learns it.",
                                    remediation: "Keep the object's data in the session as JSON-friendly values and rebuild the object from them, so that a leaked key cannot run code.",
                                    severity: .low, confidence: .low)]
        }
        return [context.finding(descriptor, at: call.id, description: "`\(name)` deserialises data\(source)\(request); pickle-based formats execute code embedded in the data.",
                                remediation: "Use a data-only format (JSON, MessagePack) for anything that crosses a trust boundary; if pickle is unavoidable, sign the data with HMAC and verify before loading.",
                                severity: origin == nil ? nil : .critical, confidence: origin == nil ? context.unflowedConfidence(descriptor) : .high,
                                flow: origin, proofOfConcept: origin.map {
                                    $0.proofOfConcept(payload: "PAYLOAD", context)
                                        + "\n# PAYLOAD: pickle.dumps(Exploit()), encoded as the view decodes it, where\n# class Exploit: def __reduce__(self): return (os.system, (\"id\",))"
                                })]
    }
}
