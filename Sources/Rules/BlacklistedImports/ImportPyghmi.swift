import Dataflow
import Findings
import PythonSyntax

/// B415: import of `pyghmi`.
enum ImportPyghmi {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B415", name: "import-pyghmi", summary: "pyghmi (IPMI) imported",
        severity: .low, confidence: .high, owasp: .a02, cwe: 319, bandit: "B415", ruff: "S415",
        what: "Reports imports of `pyghmi`. It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "IPMI is an insecure management protocol (weak authentication, cleartext).",
        example: "import pyghmi",
        useInstead: "import paramiko",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")])

    static let modules = ["pyghmi"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        import pyghmi  # error: TL-B415
        """),
        RuleExample("""
        import paramiko
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "IPMI is an insecure management protocol (weak authentication, cleartext).", instead: "Manage hosts over a secure channel (SSH, Redfish over HTTPS).")
    }
}
