import Dataflow
import Findings
import PythonSyntax

/// B401: import of `telnetlib`.
enum ImportTelnetlib {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B401", name: "import-telnetlib", summary: "telnetlib imported (cleartext protocol)",
        severity: .low, confidence: .high, owasp: .a02, cwe: 319, bandit: "B401", ruff: "S401",
        what: "Reports imports of `telnetlib` (Telnet client). It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "Telnet sends credentials and data in clear text.",
        example: "import telnetlib",
        useInstead: "import paramiko",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")],
        enabledByDefault: false)

    static let modules = ["telnetlib"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        import telnetlib  # error: TL-B401
        """),
        RuleExample("""
        import paramiko
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "Telnet sends credentials and data in clear text.", instead: "Use SSH (paramiko, asyncssh) instead of Telnet.")
    }
}
