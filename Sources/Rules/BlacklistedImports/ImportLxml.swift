import Dataflow
import Findings
import PythonSyntax

/// B410: import of `lxml`.
enum ImportLxml {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B410", name: "import-lxml", summary: "lxml imported",
        severity: .low, confidence: .high, owasp: .a05, cwe: 611, bandit: "B410", ruff: "S410",
        what: "Reports imports of `lxml`. It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "lxml resolves external entities unless told not to (XXE).",
        example: "from lxml import etree",
        useInstead: "import defusedxml.ElementTree as ET",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")],
        enabledByDefault: false)

    static let modules = ["lxml"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        from lxml import etree  # error: TL-B410
        """),
        RuleExample("""
        import defusedxml.ElementTree as ET
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "lxml resolves external entities unless told not to (XXE).", instead: "Parse untrusted XML with defusedxml, or with `etree.XMLParser(resolve_entities=False, no_network=True)`.")
    }
}
