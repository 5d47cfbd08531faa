import Dataflow
import Findings
import PythonSyntax

/// B411: import of `xmlrpc, xmlrpclib, SimpleXMLRPCServer`.
enum ImportXmlrpc {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B411", name: "import-xmlrpc", summary: "xmlrpc imported",
        severity: .low, confidence: .high, owasp: .a05, cwe: 776, bandit: "B411", ruff: "S411",
        what: "Reports imports of `xmlrpc` (`xmlrpclib`). It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "XML-RPC parsing is open to entity expansion attacks; defusedxml.xmlrpc patches it.",
        example: "import xmlrpc.client",
        useInstead: "import json",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")])

    static let modules = ["xmlrpc", "xmlrpclib", "SimpleXMLRPCServer"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        import xmlrpc.client  # error: TL-B411
        """),
        RuleExample("""
        import json
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "XML-RPC parsing is open to entity expansion attacks; defusedxml.xmlrpc patches it.", instead: "Call `defusedxml.xmlrpc.monkey_patch()` or use another RPC format.")
    }
}
