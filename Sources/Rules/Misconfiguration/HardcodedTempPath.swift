import Dataflow
import Findings
import PythonSyntax

/// B108: hard-coded paths in shared temporary directories.
enum HardcodedTempPath {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B108", name: "hardcoded-temp-file", summary: "hard-coded path in /tmp, /var/tmp or /dev/shm",
        severity: .medium, confidence: .medium, owasp: .a01, cwe: 377, bandit: "B108", ruff: "S108",
        what: "Finds strings starting with `/tmp/`, `/var/tmp/` or `/dev/shm/` (also f-strings and concatenations that start so) that are passed to a call or assigned to a variable. Docstrings, log messages inside other text and `tempfile` calls are not reported.",
        why: "Shared temporary directories are writable by every user: another user can create the file first, or a symlink with that name, and read or redirect what the program writes (CWE-377).",
        example: "with open(\"/tmp/report.csv\", \"w\") as f: ...",
        useInstead: "with tempfile.NamedTemporaryFile(\"w\", suffix=\".csv\", delete=False) as f: ...",
        references: [RuleDoc.bandit("plugins/b108_hardcoded_tmp_directory.html"), "https://docs.python.org/3/library/tempfile.html"])

    static let rule = Rule(descriptor, on: [.call, .assign], examples: [
        RuleExample("""
        import os
        CACHE = "/tmp/app-cache"  # error: TL-B108
        def save(name, data):
            with open(f"/var/tmp/{name}.json", "w") as f:  # error: TL-B108
                f.write(data)
            os.remove("/dev/shm/lock")  # error: TL-B108
        VENV = "/tmp/venv"  # error: TL-B108
        open(f"{VENV}/bin/python")
        """),
        RuleExample("""
        import tempfile
        def save(data):
            '''Writes to /tmp/ no more.'''
            d = tempfile.mkdtemp()
            log("wrote /tmp/x")
            print("see /tmp/x for details")
            return d
        """),
    ], check: { check($0, $1) })

    static let prefixes = ["/tmp/", "/var/tmp/", "/dev/shm/"]
    static let exact: Set<String> = ["/tmp", "/var/tmp", "/dev/shm"]

    static func tempPath(_ expr: ExprID, _ context: RuleContext) -> String? {
        switch context.tree[expr].kind {
        case .constant, .joinedStr, .binOp:
            // The path must start with literal text written here: `f"{base}/x"` is reported
            // once, where `base = "/tmp/..."` is assigned, not at every use.
            guard startsWithLiteral(expr, context) else { return nil }
            // Every temp path starts with `/`: skip other constants before building the shape.
            if case .constant(.str(let text), _) = context.tree[expr].kind {
                return exact.contains(text) || prefixes.contains(where: text.hasPrefix) ? text : nil
            }
            let text = context.model.stringShape(of: expr).text(placeholder: "…")
            if exact.contains(text) || prefixes.contains(where: text.hasPrefix) { return text }
            return nil
        default:
            return nil
        }
    }

    static func startsWithLiteral(_ expr: ExprID, _ context: RuleContext) -> Bool {
        switch context.tree[expr].kind {
        case .constant(.str, _): return true
        case .joinedStr(let values): return values.first.map { context.tree.stringLiteral($0) != nil } ?? false
        case .binOp(let left, .add, _): return startsWithLiteral(left, context)
        default: return false
        }
    }

    static let messageFunctions: Set<String> = ["print", "log", "info", "debug", "warning", "error", "exception", "critical", "echo", "secho", "write"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        switch node {
        case .statement(let stmt):
            guard case .assign(_, let value, _) = context.tree[stmt].kind, let path = tempPath(value, context) else { return [] }
            return [report(value, path, context)]
        case .expression:
            guard let call = context.call(node) else { return [] }
            if let name = call.name, name.hasPrefix("tempfile.") { return [] }
            let callee: String
            switch context.tree[call.function].kind {
            case .attribute(_, let attr, _): callee = attr
            case .name(let id, _): callee = id
            default: callee = ""
            }
            if messageFunctions.contains(callee) { return [] }
            for arg in call.args + call.keywords.map(\.value) {
                if let path = tempPath(arg, context) { return [report(arg, path, context)] }
            }
            return []
        case .module:
            return []
        }
    }

    static func report(_ expr: ExprID, _ path: String, _ context: RuleContext) -> Finding {
        context.finding(descriptor, at: expr, description: "`\(path)` is a fixed name in a world-writable directory; another local user can pre-create it or plant a symlink there.",
                        remediation: "Create temporary files with `tempfile.NamedTemporaryFile`/`mkstemp`/`mkdtemp`, which pick unpredictable names with safe permissions.",
                        fix: "tempfile.NamedTemporaryFile(...)")
    }
}
