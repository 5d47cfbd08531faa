import Dataflow
import Findings
import PythonSyntax

/// B408: import of `xml.dom.minidom`.
enum ImportXmlMinidom {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B408", name: "import-xml-minidom", summary: "xml.dom.minidom imported",
        severity: .low, confidence: .high, owasp: .a05, cwe: 611, bandit: "B408", ruff: "S408",
        what: "Reports imports of `xml.dom.minidom`. It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "minidom expands entities (billion laughs); use defusedxml for untrusted XML.",
        example: "from xml.dom import minidom",
        useInstead: "from defusedxml import minidom",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")],
        enabledByDefault: false)

    static let modules = ["xml.dom.minidom"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        from xml.dom import minidom  # error: TL-B408
        """),
        RuleExample("""
        from defusedxml import minidom
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from xml.dom.minidom import Element
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "minidom expands entities (billion laughs); use defusedxml for untrusted XML.", instead: "Import `defusedxml.minidom` instead.", xml: true)
    }
}
