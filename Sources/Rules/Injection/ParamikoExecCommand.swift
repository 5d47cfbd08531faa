import Dataflow
import Findings
import PythonSyntax

/// B601: paramiko `exec_command` with a command built at run time.
enum ParamikoExecCommand {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B601", name: "paramiko-exec-command", summary: "paramiko exec_command with a dynamic command",
        severity: .medium, confidence: .medium, owasp: .a03, cwe: 78, bandit: "B601", ruff: "S601",
        what: "Finds `exec_command` calls on a `paramiko.SSHClient` (or in a module that imports paramiko) whose command is not a constant.",
        why: "The command runs in the remote user's shell; user input in it can inject commands on the remote host.",
        example: "client.exec_command(\"ls \" + path)",
        useInstead: "import shlex\nclient.exec_command(\"ls -- \" + shlex.quote(path))",
        references: [RuleDoc.bandit("plugins/b601_paramiko_calls.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import paramiko
        client = paramiko.SSHClient()
        def listing(path):
            client.exec_command("ls " + path)  # error: TL-B601
        """),
        RuleExample("""
        import paramiko
        client = paramiko.SSHClient()
        client.exec_command("uptime")
        """),
        RuleExample("""
        class Box:
            def exec_command(self, c):
                return c
        Box().exec_command(cmd)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), case .attribute(let receiver, "exec_command", _) = context.tree[call.function].kind,
              let command = call.argument(0, "command"), context.string(command) == nil else { return [] }
        let owner = context.model.constructorName(of: receiver)
        let isParamiko = owner.map { $0.hasPrefix("paramiko.") } ?? context.model.bindings.contains {
            if case .imported(let q) = $0.kind { return q.hasPrefix("paramiko") } else { return false }
        }
        guard isParamiko else { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`exec_command` runs `\(context.text(command))` on the remote host through its shell; the command is built at run time.",
                                remediation: "Quote every variable part with `shlex.quote`, or run a fixed remote command that reads its input safely.")]
    }
}
