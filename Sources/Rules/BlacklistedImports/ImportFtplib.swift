import Dataflow
import Findings
import PythonSyntax

/// B402: import of `ftplib`.
enum ImportFtplib {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B402", name: "import-ftplib", summary: "ftplib imported (cleartext protocol)",
        severity: .low, confidence: .high, owasp: .a02, cwe: 319, bandit: "B402", ruff: "S402",
        what: "Reports imports of `ftplib`. It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "FTP sends credentials and data in clear text unless FTP_TLS is used.",
        example: "import ftplib",
        useInstead: "import paramiko",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")],
        enabledByDefault: false)

    static let modules = ["ftplib"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        import ftplib  # error: TL-B402
        """),
        RuleExample("""
        import paramiko
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "FTP sends credentials and data in clear text unless FTP_TLS is used.", instead: "Use `ftplib.FTP_TLS` with `prot_p()`, or SFTP.")
    }
}
