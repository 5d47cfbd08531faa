import Dataflow
import Findings
import PythonSyntax

/// B606: a process started without a shell (`os.exec*`, `os.spawn*`, `os.startfile`).
enum StartProcessWithoutShell {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B606", name: "start-process-without-shell", summary: "process started with os.exec*/os.spawn* from run-time values",
        severity: .low, confidence: .medium, owasp: .a03, cwe: 78, bandit: "B606", ruff: "S606",
        what: "Finds `os.exec*`, `os.spawn*`, `os.posix_spawn`, `os.startfile` and `asyncio.create_subprocess_exec` calls with arguments that are not constants.",
        why: "No shell is involved, but a program path or argument chosen by a user still decides what runs.",
        example: "os.execvp(program, [program, arg])",
        useInstead: "os.execv(\"/usr/bin/convert\", [\"convert\", \"--\", arg])  # fixed program, validated arguments",
        references: [RuleDoc.bandit("plugins/b606_start_process_with_no_shell.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import os
        def launch(program, arg):
            os.execvp(program, [program, arg])  # error: TL-B606
            os.spawnl(os.P_WAIT, "/bin/ls", "ls", arg)  # error: TL-B606
        """),
        RuleExample("""
        import os
        os.execv("/bin/ls", ["ls", "-l"])
        os.spawnl(os.P_WAIT, "/bin/true", "true")
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, ProcessCalls.noShell.contains(name) else { return [] }
        let variable = call.args.first { arg in
            if case .attribute = context.tree[arg].kind, context.qualifiedName(arg)?.hasPrefix("os.P_") == true { return false }
            return !ProcessCalls.isConstantCommand(arg, context)
        }
        guard let variable else { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` starts a process with `\(context.text(variable))`, a value computed at run time.",
                                remediation: "Use a fixed absolute program path and validate every argument against an allow-list.")]
    }
}
