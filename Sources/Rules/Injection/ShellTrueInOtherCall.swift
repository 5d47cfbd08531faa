import Dataflow
import Findings
import PythonSyntax

/// B604: a function other than subprocess called with `shell=True`.
enum ShellTrueInOtherCall {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B604", name: "call-with-shell-true", summary: "function call with shell=True",
        severity: .medium, confidence: .low, owasp: .a03, cwe: 78, bandit: "B604", ruff: "S604",
        what: "Finds calls outside `subprocess` that pass `shell=True` (wrappers such as `invoke.run`, `sh`, `fabric`), except calls to functions defined in the project itself.",
        why: "A `shell=True` flag usually means the command string is interpreted by a shell; if any part of it comes from a user, they can inject commands.",
        example: "from invoke import run\nrun(f\"tar xf {archive}\", shell=True)",
        useInstead: "subprocess.run([\"tar\", \"xf\", archive])",
        references: [RuleDoc.bandit("plugins/b604_any_other_function_with_shell_equals_true.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from invoke import run as irun
        def go(cmd):
            irun(cmd, shell=True)  # error: TL-B604
        """),
        RuleExample("""
        import subprocess
        def run(cmd, shell=False):
            return cmd
        run("x", shell=True)
        subprocess.run("ls", shell=True)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        // Only a constant true value: for a function we do not know, a variable `shell=` says too little.
        guard let call = context.call(node), context.isTrue(call.keyword("shell")) else { return [] }
        let name = call.name
        if let name, ProcessCalls.subprocess.contains(name) || ProcessCalls.shell.contains(name) { return [] }
        if let name, name.hasPrefix(context.model.moduleName + ".") || context.project.resolveFunction(name) != nil { return [] }
        let shown = name ?? context.text(call.function)
        return [context.finding(descriptor, at: call.id,
                                description: "`\(shown)` is called with `shell=True`; if it runs its argument through a shell, variable parts of the command can inject commands.",
                                remediation: "Use `subprocess.run` with an argument list and no shell, or quote variable parts with `shlex.quote`.")]
    }
}
