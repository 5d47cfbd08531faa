import Dataflow
import Findings
import PythonSyntax

/// B602: subprocess called with `shell=True`.
enum SubprocessShellTrue {
    static let descriptor = RuleDoc.descriptor(
            id: "TL-B602", name: "subprocess-shell-true", summary: "subprocess call with shell=True",
            severity: .high, confidence: .high, owasp: .a03, cwe: 78, bandit: "B602", ruff: "S602",
            what: "Finds calls to `subprocess.Popen`, `run`, `call`, `check_call` and `check_output` (however they were imported) that pass `shell=True`. A command built at run time is High; a constant command string is Low.",
            why: "With `shell=True` the command is parsed by `/bin/sh`: any part of it that comes from a user can add `;`, `&&`, `$(...)` or backticks and run arbitrary commands (OS command injection).",
            example: "import subprocess\nsubprocess.run(f\"convert {filename} out.png\", shell=True)",
            useInstead: "import subprocess\nsubprocess.run([\"convert\", filename, \"out.png\"])",
            references: ["https://docs.python.org/3/library/subprocess.html#security-considerations", RuleDoc.bandit("plugins/b602_subprocess_popen_with_shell_equals_true.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
            RuleExample("""
            import subprocess
            from subprocess import Popen as P
            def handler(cmd):
                subprocess.run(cmd, shell=True)  # error: TL-B602
                P("ls " + cmd, shell=True)  # error: TL-B602
                subprocess.call("ls -l", shell=True)  # error: TL-B602
            """),
            RuleExample("""
            import subprocess
            def handler(name):
                subprocess.run(["ls", name])
                subprocess.run("ls", shell=False)
            def run(cmd, shell=True):
                pass
            run("x", shell=True)
            """),
            // Built from a click command's own options: reported Low.
            RuleExample("""
            import subprocess
            import click

            @click.command()
            @click.option("--output", default="messages.pot")
            def extract(output):
                subprocess.check_call("pybabel extract -o {0} .".format(output), shell=True)  # error: TL-B602
            """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, ProcessCalls.subprocess.contains(name),
              ProcessCalls.shellIsTrue(call, context) else { return [] }
        let d = descriptor
        guard let command = ProcessCalls.command(call) else {
            return [context.finding(d, at: call.id, description: "`\(name)` is called with `shell=True`.",
                                    remediation: "Pass the command as a list of arguments and drop `shell=True`.")]
        }
        if ProcessCalls.isConstantCommand(command, context) {
            return [context.finding(d, at: call.id,
                                    description: "`\(name)` runs the constant command `\(context.text(command))` through a shell (`shell=True`).",
                                    remediation: "The command is constant, so this is not injectable today; pass it as a list without `shell=True` so later edits cannot make it so.",
                                    severity: .low)]
        }
        if context.isRestrictedByChecks(command) {
            return [context.finding(d, at: call.id,
                                    description: "`\(name)` runs `\(context.text(command))` through a shell; a check before it restricts the value to an allow-list or a shape without shell metacharacters, so it is not injectable as written.",
                                    remediation: "Pass the command as a list of arguments without a shell, so a later change to the check cannot make it injectable.",
                                    severity: .low)]
        }
        let origin = Taint.isRequestDerived(command, context, kind: .command)
        if origin == nil, ProcessCalls.isBuiltFromCommandLineOptions(command, context) {
            return [ProcessCalls.commandLineFinding(d, call, name, command, context)]
        }
        let source = origin.map { ", with `\($0.text(context))` from the \($0.requestField)," } ?? ","
        return [context.finding(d, at: call.id,
                                description: "`\(name)` runs `\(context.text(command))`, a command built at run time\(source) through a shell (`shell=True`): shell metacharacters in it execute arbitrary commands.",
                                remediation: "Pass the program and its arguments as a list and remove `shell=True`; if a shell string is unavoidable, quote every variable part with `shlex.quote`.",
                                fix: "\(context.text(call.function))(shlex.split(...))  # or a literal argument list, without shell=True",
                                // With no request data seen reaching it, whoever builds the command may be
                                // the operator (a CLI option, configuration): Medium until a flow says more.
                                severity: origin == nil ? .medium : nil, confidence: origin == nil ? .medium : .high,
                                flow: origin, proofOfConcept: origin?.proofOfConcept(payload: "127.0.0.1; id", context))]
    }
}
