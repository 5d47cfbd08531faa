import Dataflow
import Findings
import PythonSyntax

/// B607: a process started by a bare program name, found through `PATH`.
enum PartialExecutablePath {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B607", name: "start-process-with-partial-path", summary: "process started with a partial executable path",
        severity: .low, confidence: .high, owasp: .a03, cwe: 78, bandit: "B607", ruff: "S607",
        what: "Finds process calls (`subprocess.*`, `os.system`, `os.exec*p`, ...) whose program is a constant without a directory (`\"git\"`, `[\"ls\", \"-l\"]`).",
        why: "The program is looked up in `PATH`; whoever controls `PATH` or a directory early in it (a writable working directory, a poisoned environment) chooses which binary runs.",
        example: "subprocess.run([\"git\", \"pull\"])",
        useInstead: "subprocess.run([\"/usr/bin/git\", \"pull\"])",
        references: [RuleDoc.bandit("plugins/b607_start_process_with_partial_path.html")],
        enabledByDefault: false)

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import os
        import subprocess
        subprocess.run(["git", "pull"])  # error: TL-B607
        os.system("ls -l")  # error: TL-B607
        os.execvp("git", ["git", "pull"])  # error: TL-B607
        """),
        RuleExample("""
        import os
        import subprocess
        subprocess.run(["/usr/bin/git", "pull"])
        subprocess.run(["./tool.sh"])
        subprocess.run(program)
        os.execv(path="/bin/ls", args=["ls"])
        os.execv("/usr/bin/git", ["git", "pull"])
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name,
              ProcessCalls.subprocess.contains(name) || ProcessCalls.shell.contains(name) || ProcessCalls.noShell.contains(name) else { return [] }
        let command: ExprID?
        if name.hasPrefix("os.spawn") {
            command = call.args.count > 1 ? call.args[1] : call.keyword("file") ?? call.keyword("path")
        } else if name.hasPrefix("os.exec") {
            // The program is the path (or file) argument; `args` only supplies argv[0].
            command = call.args.first ?? call.keyword("path") ?? call.keyword("file")
        } else {
            command = ProcessCalls.command(call)
        }
        guard let command, let program = ProcessCalls.executable(command, context), !program.isEmpty else { return [] }
        if program.contains("/") || program.contains("\\") || program.hasPrefix(".") { return [] }
        if program.count > 1, Array(program)[1] == ":" { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` starts `\(program)` by a bare name, so the binary is whatever `\(program)` comes first in `PATH`.",
                                remediation: "Use the absolute path of `\(program)` (for example from `shutil.which` resolved once at start-up against a trusted `PATH`).")]
    }
}
