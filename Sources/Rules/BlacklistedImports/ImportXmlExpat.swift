import Dataflow
import Findings
import PythonSyntax

/// B407: import of `xml.dom.expatbuilder`.
enum ImportXmlExpat {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B407", name: "import-xml-expat", summary: "xml.dom.expatbuilder imported",
        severity: .low, confidence: .high, owasp: .a05, cwe: 611, bandit: "B407", ruff: "S407",
        what: "Reports imports of `xml.dom.expatbuilder`. It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "It expands entities; use defusedxml for untrusted XML.",
        example: "import xml.dom.expatbuilder",
        useInstead: "import defusedxml.expatbuilder",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")],
        enabledByDefault: false)

    static let modules = ["xml.dom.expatbuilder"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        import xml.dom.expatbuilder  # error: TL-B407
        """),
        RuleExample("""
        import defusedxml.expatbuilder
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "It expands entities; use defusedxml for untrusted XML.", instead: "Import `defusedxml.expatbuilder` instead.", xml: true)
    }
}
