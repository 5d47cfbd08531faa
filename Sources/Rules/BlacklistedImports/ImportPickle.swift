import Dataflow
import Findings
import PythonSyntax

/// B403: import of `pickle, cPickle, _pickle, dill, shelve, jsonpickle`.
enum ImportPickle {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B403", name: "import-pickle", summary: "pickle-family module imported",
        severity: .low, confidence: .high, owasp: .a08, cwe: 502, bandit: "B403", ruff: "S403",
        what: "Reports imports of `pickle`, `cPickle`, `dill`, `shelve` and `jsonpickle`. It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "These modules deserialise by running code from the data; loading untrusted data with them is code execution.",
        example: "import pickle",
        useInstead: "import json",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")],
        enabledByDefault: false)

    static let modules = ["pickle", "cPickle", "_pickle", "dill", "shelve", "jsonpickle"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        import pickle  # error: TL-B403
        """),
        // A dynamic import with a constant name is an import too.
        RuleExample("""
        import importlib
        codec = __import__("pickle")  # error: TL-B403
        store = importlib.import_module("shelve")  # error: TL-B403
        other = importlib.import_module(name)
        data = importlib.import_module("json")
        """),
        RuleExample("""
        import json
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "These modules deserialise by running code from the data; loading untrusted data with them is code execution.", instead: "Use JSON or another data-only format for untrusted data.")
    }
}
