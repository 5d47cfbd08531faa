import Dataflow
import Findings
import PythonSyntax

/// B609: a shell command with a wildcard given to tar/chown/chmod/rsync.
enum WildcardInjection {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B609", name: "unix-command-wildcard-injection", summary: "wildcard in a shell command for tar, chown, chmod or rsync",
        severity: .medium, confidence: .medium, owasp: .a03, cwe: 78, bandit: "B609", ruff: "S609",
        what: "Finds commands run through a shell (`os.system`, `subprocess` with `shell=True`, ...) that pass a `*` wildcard to `tar`, `chown`, `chmod` or `rsync`.",
        why: "The shell expands `*` to file names; a file named `--checkpoint-action=exec=sh x.sh` or `--reference=evil` becomes an option of the command (wildcard injection).",
        example: "os.system(\"tar cf backup.tar *\")",
        useInstead: "subprocess.run([\"tar\", \"cf\", \"backup.tar\", \"--\", *os.listdir(\".\")])",
        references: [RuleDoc.bandit("plugins/b609_linux_commands_wildcard_injection.html"), "https://www.exploit-db.com/papers/33930"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import os
        import subprocess
        os.system("tar cf backup.tar *")  # error: TL-B609
        subprocess.run("chown root: /srv/*", shell=True)  # error: TL-B609
        """),
        RuleExample("""
        import os
        import subprocess
        os.system("tar cf backup.tar data")
        subprocess.run(["chmod", "644", "*"])
        os.system("ls *")
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name else { return [] }
        let viaShell = ProcessCalls.shell.contains(name) || (ProcessCalls.subprocess.contains(name) && ProcessCalls.shellIsTrue(call, context))
        guard viaShell, let command = ProcessCalls.command(call) else { return [] }
        let text = context.model.stringShape(of: command).text(placeholder: " ")
        guard text.contains("*") else { return [] }
        let words = text.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "&" || $0 == "|" }).map { $0.split(separator: "/").last.map(String.init) ?? "" }
        guard let tool = words.first(where: { ["tar", "chown", "chmod", "rsync"].contains($0) }) else { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` runs `\(tool)` with a `*` wildcard through a shell: file names that look like options become options of `\(tool)`.",
                                remediation: "Run `\(tool)` without a shell and pass file names after `--`, or use `./*` so expanded names cannot start with `-`.")]
    }
}
