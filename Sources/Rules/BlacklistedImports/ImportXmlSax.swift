import Dataflow
import Findings
import PythonSyntax

/// B406: import of `xml.sax`.
enum ImportXmlSax {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B406", name: "import-xml-sax", summary: "xml.sax imported",
        severity: .low, confidence: .high, owasp: .a05, cwe: 611, bandit: "B406", ruff: "S406",
        what: "Reports imports of `xml.sax`. It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "SAX parsers expand entities and may resolve external entities; use defusedxml for untrusted XML.",
        example: "import xml.sax",
        useInstead: "import defusedxml.sax",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")],
        enabledByDefault: false)

    static let modules = ["xml.sax"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        import xml.sax  # error: TL-B406
        """),
        RuleExample("""
        import defusedxml.sax
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "SAX parsers expand entities and may resolve external entities; use defusedxml for untrusted XML.", instead: "Import `defusedxml.sax` instead.", xml: true)
    }
}
