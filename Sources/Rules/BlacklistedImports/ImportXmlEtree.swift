import Dataflow
import Findings
import PythonSyntax

/// B405: import of `xml.etree`.
enum ImportXmlEtree {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B405", name: "import-xml-etree", summary: "xml.etree imported",
        severity: .low, confidence: .high, owasp: .a05, cwe: 611, bandit: "B405", ruff: "S405",
        what: "Reports imports of `xml.etree` (`ElementTree`, `cElementTree`). It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "Its parsers expand entities (billion laughs); use defusedxml for untrusted XML.",
        example: "import xml.etree.ElementTree as ET",
        useInstead: "import defusedxml.ElementTree as ET",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")],
        enabledByDefault: false)

    static let modules = ["xml.etree"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        import xml.etree.ElementTree as ET  # error: TL-B405
        """),
        RuleExample("""
        import defusedxml.ElementTree as ET
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "Its parsers expand entities (billion laughs); use defusedxml for untrusted XML.", instead: "Import `defusedxml.ElementTree` instead, or call `defusedxml.defuse_stdlib()`.", xml: true)
    }
}
