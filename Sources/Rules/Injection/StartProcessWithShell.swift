import Dataflow
import Findings
import PythonSyntax

/// B605: a process started through a shell (`os.system`, `os.popen`, ...).
enum StartProcessWithShell {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B605", name: "start-process-with-shell", summary: "process started with a shell (os.system, os.popen)",
        severity: .high, confidence: .high, owasp: .a03, cwe: 78, bandit: "B605", ruff: "S605",
        what: "Finds `os.system`, `os.popen`, `subprocess.getoutput`, `asyncio.create_subprocess_shell` and similar calls that always use a shell. A command built at run time is High; a constant command is Low. A local function that happens to be called `system` is not reported.",
        why: "The whole string is parsed by `/bin/sh`; a user-controlled part can append `; rm -rf ~` or `$(curl ...)` (OS command injection).",
        example: "import os\nos.system(\"ping -c 1 \" + host)",
        useInstead: "import subprocess\nsubprocess.run([\"ping\", \"-c\", \"1\", host], check=True)",
        references: [RuleDoc.bandit("plugins/b605_start_process_with_a_shell.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import os
        from os import system
        from subprocess import getoutput
        def ping(host):
            os.system("ping -c 1 " + host)  # error: TL-B605
            system(f"ping {host}")  # error: TL-B605
            getoutput(host)  # error: TL-B605
            os.popen("uptime")  # error: TL-B605
        """),
        RuleExample("""
        import os
        def system(cmd):
            return cmd
        system("ls " + cmd)
        def f(os):
            os.system(cmd)
        """),
        RuleExample("""
        import os
        from flask import abort
        TOOLS = {"uptime", "df -h"}
        def run(tool, host):
            if tool not in TOOLS:
                abort(400)
            os.system(tool)  # error: TL-B605
            if not host.replace(".", "").isalnum():
                abort(400)
            os.system(f"ping -c 1 {host}")  # error: TL-B605
            return os.system("ping " + tool + host)  # error: TL-B605
        def loose(tool):
            return os.system(tool)  # error: TL-B605
        """),
        RuleExample("""
        import asyncio
        async def ping(host):
            loop = asyncio.get_running_loop()
            await loop.subprocess_shell(asyncio.SubprocessProtocol, "ping -c1 " + host)  # error: TL-B605
            await queue.subprocess_shell(host)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        let name: String
        let command: ExprID
        if let callee = call.name, ProcessCalls.shell.contains(callee), let first = call.argument(0, "cmd") ?? call.keyword("command") {
            (name, command) = (callee, first)
        } else if case .attribute(let loop, "subprocess_shell", _) = context.tree[call.function].kind,
                  let made = context.model.constructorName(of: loop), ProcessCalls.eventLoops.contains(made),
                  let second = call.argument(1, "cmd") {
            // `loop.subprocess_shell(protocol_factory, cmd)` on an asyncio event loop.
            (name, command) = ("loop.subprocess_shell", second)
        } else {
            return []
        }
        if ProcessCalls.isConstantCommand(command, context) {
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` runs the constant command `\(context.text(command))` through a shell.",
                                    remediation: "Not injectable as written; prefer `subprocess.run([...])` without a shell so later edits stay safe.",
                                    severity: .low)]
        }
        if context.isRestrictedByChecks(command) {
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` runs `\(context.text(command))` through a shell; a check before it restricts the value to an allow-list or a shape without shell metacharacters, so it is not injectable as written.",
                                    remediation: "Pass the command as a list of arguments without a shell, so a later change to the check cannot make it injectable.",
                                    severity: .low)]
        }
        let origin = Taint.isRequestDerived(command, context, kind: .command)
        if origin == nil, ProcessCalls.isBuiltFromCommandLineOptions(command, context) {
            return [ProcessCalls.commandLineFinding(descriptor, call, name, command, context)]
        }
        let source = origin.map { ", with `\($0.text(context))` from the \($0.requestField)," } ?? ","
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` runs `\(context.text(command))`, built at run time\(source) through a shell: shell metacharacters in it execute arbitrary commands.",
                                remediation: "Call `subprocess.run` with a list of arguments (no shell); if a shell is unavoidable, quote every variable part with `shlex.quote`.",
                                fix: "subprocess.run([...], check=True)",
                                // With no request data seen reaching it, whoever builds the command may be
                                // the operator (a CLI option, configuration): Medium until a flow says more.
                                severity: origin == nil ? .medium : nil, confidence: origin == nil ? .medium : .high,
                                flow: origin, proofOfConcept: origin?.proofOfConcept(payload: "127.0.0.1; id", context))]
    }
}
