import Dataflow
import Findings
import PythonSyntax

/// B103: files made world-writable (or group-writable/executable).
enum PermissiveChmod {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B103", name: "permissive-file-permissions", summary: "chmod with world-writable or overly broad permissions",
        severity: .high, confidence: .high, owasp: .a05, cwe: 732, bandit: "B103", ruff: "S103",
        what: "Finds `os.chmod`, `os.fchmod`, `os.lchmod` and `Path.chmod` whose mode (folded, including `stat.S_I*` constants and `|`) grants write to others (High) or to the group (Medium). `0o755` is not reported (bandit reports group execute).",
        why: "Any local user (or any process in a shared container) can change a world-writable file: scripts, configuration and data can be replaced.",
        example: "os.chmod(path, 0o777)",
        useInstead: "os.chmod(path, 0o600)",
        references: [RuleDoc.bandit("plugins/b103_set_bad_file_permissions.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import os
        import stat
        from pathlib import Path
        os.chmod("/srv/app.sh", 0o777)  # error: TL-B103
        os.chmod(p, stat.S_IRWXU | stat.S_IWOTH)  # error: TL-B103
        Path("x").chmod(0o666)  # error: TL-B103
        def widen(path, mode):
            os.chmod(path, mode | 0o777)  # error: TL-B103
        """),
        RuleExample("""
        import os
        import stat
        os.chmod("/srv/key", 0o600)
        os.chmod(p, stat.S_IRUSR | stat.S_IWUSR)
        os.chmod(p, 0o644)
        os.chmod(p, 0o755)
        def narrow(path, mode):
            os.chmod(path, mode & 0o700)
            os.chmod(path, mode | 0o700)
            os.chmod(path, mode)
        """),
    ], check: { check($0, $1) })

    static let statBits: [String: Int] = [
        "S_IRWXU": 0o700, "S_IRUSR": 0o400, "S_IWUSR": 0o200, "S_IXUSR": 0o100, "S_IRWXG": 0o070, "S_IRGRP": 0o040,
        "S_IWGRP": 0o020, "S_IXGRP": 0o010, "S_IRWXO": 0o007, "S_IROTH": 0o004, "S_IWOTH": 0o002, "S_IXOTH": 0o001,
        "S_ISUID": 0o4000, "S_ISGID": 0o2000, "S_ISVTX": 0o1000, "S_IREAD": 0o400, "S_IWRITE": 0o200, "S_IEXEC": 0o100,
    ]

    static func mode(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Int? {
        guard depth < 16 else { return nil }
        if let value = context.int(expr) { return value }
        if let name = context.qualifiedName(expr), name.hasPrefix("stat."), let bits = statBits[String(name.dropFirst(5))] { return bits }
        if case .binOp(let l, let op, let r) = context.tree[expr].kind, op == .bitOr || op == .add,
           let a = mode(l, context, depth: depth + 1), let b = mode(r, context, depth: depth + 1) {
            return a | b
        }
        return nil
    }

    /// The bits an `|` of partly unknown values is sure to set (unknown operands count as 0).
    static func setBits(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Int? {
        guard depth < 16, case .binOp(let l, .bitOr, let r) = context.tree[expr].kind else { return nil }
        let a = mode(l, context) ?? setBits(l, context, depth: depth + 1) ?? 0
        let b = mode(r, context) ?? setBits(r, context, depth: depth + 1) ?? 0
        return a | b
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        let modeArg: ExprID?
        if let name = call.name, ["os.chmod", "os.fchmod", "os.lchmod"].contains(name) {
            modeArg = call.argument(1, "mode")
        } else if case .attribute(let receiver, "chmod", _) = context.tree[call.function].kind,
                  let owner = context.model.constructorName(of: receiver) ?? context.qualifiedName(receiver),
                  owner.hasPrefix("pathlib.") {
            modeArg = call.argument(0, "mode")
        } else {
            modeArg = nil
        }
        guard let modeArg else { return [] }
        // `mode | 0o777` sets those bits whatever `mode` is: the known bits of an `|` are a lower bound.
        let exact = mode(modeArg, context)
        guard let bits = exact ?? setBits(modeArg, context), bits != 0 else { return [] }
        let octal = exact == nil ? "`\(context.text(modeArg, limit: 40))` (at least 0o\(String(bits, radix: 8)))" : "0o" + String(bits, radix: 8)
        if bits & 0o002 != 0 {
            return [context.finding(descriptor, at: call.id, description: "The mode \(octal) makes the file writable by every user.",
                                    remediation: "Grant only what the owner needs, e.g. `0o600` for data or `0o700`/`0o755` for executables.", fix: "0o600")]
        }
        if bits & 0o020 != 0 {
            return [context.finding(descriptor, at: call.id, description: "The mode \(octal) lets the group write the file.",
                                    remediation: "Drop the group write bit unless every member of the group is trusted.", severity: .medium, confidence: .medium)]
        }
        return []
    }
}
