import Dataflow
import Findings
import PythonSyntax

/// B404: import of `subprocess`.
enum ImportSubprocess {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B404", name: "import-subprocess", summary: "subprocess imported",
        severity: .info, confidence: .high, owasp: .a03, cwe: 78, bandit: "B404", ruff: "S404",
        what: "Reports imports of `subprocess`. It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "Starting processes is a command-injection risk if arguments are not controlled; see TL-B602/TL-B603 for the calls.",
        example: "import subprocess",
        useInstead: "import shutil",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")],
        enabledByDefault: false)

    static let modules = ["subprocess"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        import subprocess  # error: TL-B404
        """),
        RuleExample("""
        import shutil
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "Starting processes is a command-injection risk if arguments are not controlled; see TL-B602/TL-B603 for the calls.", instead: "Review each process call; pass argument lists, never shell=True with user input.")
    }
}
