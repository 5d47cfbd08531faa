import Dataflow
import Findings
import PythonSyntax

/// B409: import of `xml.dom.pulldom`.
enum ImportXmlPulldom {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B409", name: "import-xml-pulldom", summary: "xml.dom.pulldom imported",
        severity: .low, confidence: .high, owasp: .a05, cwe: 611, bandit: "B409", ruff: "S409",
        what: "Reports imports of `xml.dom.pulldom`. It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "pulldom expands entities; use defusedxml for untrusted XML.",
        example: "import xml.dom.pulldom",
        useInstead: "import defusedxml.pulldom",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")],
        enabledByDefault: false)

    static let modules = ["xml.dom.pulldom"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        import xml.dom.pulldom  # error: TL-B409
        """),
        RuleExample("""
        import defusedxml.pulldom
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "pulldom expands entities; use defusedxml for untrusted XML.", instead: "Import `defusedxml.pulldom` instead.", xml: true)
    }
}
