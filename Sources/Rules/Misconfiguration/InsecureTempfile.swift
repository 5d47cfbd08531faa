import Dataflow
import Findings
import PythonSyntax

/// B306: `tempfile.mktemp` (and `os.tempnam`/`os.tmpnam`).
enum InsecureTempfile {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B306", name: "insecure-mktemp", summary: "tempfile.mktemp (race between name and creation)",
        severity: .medium, confidence: .high, owasp: .a01, cwe: 377, bandit: "B306", ruff: "S306", otherAliases: ["B325", "S325"],
        what: "Finds `tempfile.mktemp(...)` and the Python 2 `os.tempnam`/`os.tmpnam`, however imported.",
        why: "`mktemp` only returns a name; between that and creating the file another process can create it or a symlink with that name and take over what the program writes (TOCTOU, CWE-377).",
        example: "path = tempfile.mktemp(suffix=\".csv\")\nwith open(path, \"w\") as f: ...",
        useInstead: "with tempfile.NamedTemporaryFile(\"w\", suffix=\".csv\", delete=False) as f: ...",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b306-mktemp-q"), "https://docs.python.org/3/library/tempfile.html#tempfile.mktemp"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import tempfile
        from tempfile import mktemp as make_name
        a = tempfile.mktemp(suffix=".csv")  # error: TL-B306
        b = make_name()  # error: TL-B306
        """),
        RuleExample("""
        import tempfile
        fd, path = tempfile.mkstemp()
        d = tempfile.mkdtemp()
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, ["tempfile.mktemp", "os.tempnam", "os.tmpnam"].contains(name) else { return [] }
        return [context.finding(descriptor, at: call.id, description: "`\(name)` returns a file name without creating the file; another process can claim that name first.",
                                remediation: "Use `tempfile.NamedTemporaryFile(delete=False)` or `tempfile.mkstemp()`, which create the file atomically.",
                                fix: "tempfile.mkstemp()")]
    }
}
