import Dataflow
import Findings
import PythonSyntax

/// B603: subprocess started without a shell, from a command built at run time.
enum SubprocessWithoutShell {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B603", name: "subprocess-without-shell", summary: "subprocess call with a command built at run time",
        severity: .low, confidence: .high, owasp: .a03, cwe: 78, bandit: "B603", ruff: "S603",
        what: "Finds `subprocess` calls without `shell=True` whose program or arguments are not constants. Unlike bandit, a constant argument list is not reported.",
        why: "No shell is involved, so metacharacters are harmless, but a variable program name or an argument such as `--output=/etc/passwd` or `-oProxyCommand=...` chosen by a user can still run or overwrite what it should not (argument injection).",
        example: "subprocess.run([tool, user_arg])",
        useInstead: "ALLOWED = {\"convert\": \"/usr/bin/convert\"}\nsubprocess.run([ALLOWED[tool], \"--\", user_arg])",
        references: [RuleDoc.bandit("plugins/b603_subprocess_without_shell_equals_true.html")],
        enabledByDefault: false)

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import subprocess
        def convert(path):
            subprocess.run(["convert", path, "out.png"])  # error: TL-B603
            subprocess.check_output(path)  # error: TL-B603
        """),
        RuleExample("""
        import subprocess
        import sys
        subprocess.run(["git", "status"])
        subprocess.run("whoami")
        subprocess.run(cmd, shell=True)
        subprocess.run([sys.executable, "-m", "pip", "--version"], check=True)
        subprocess.run(c := "true")
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, ProcessCalls.subprocess.contains(name),
              !ProcessCalls.shellIsTrue(call, context), let command = ProcessCalls.command(call),
              !ProcessCalls.isConstantCommand(command, context) else { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` starts a process from `\(context.text(command))`, which is computed at run time; check that no user input chooses the program or injects options.",
                                remediation: "Fix the program path, validate each argument against an allow-list, and put `--` before user-supplied operands.")]
    }
}
