import Dataflow
import Findings
import PythonSyntax

/// B507: paramiko accepting unknown host keys.
enum ParamikoMissingHostKey {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B507", name: "ssh-no-host-key-verification", summary: "paramiko accepts unknown SSH host keys",
        severity: .high, confidence: .medium, owasp: .a07, cwe: 295, bandit: "B507", ruff: "S507",
        what: "Finds `set_missing_host_key_policy(...)` with `paramiko.AutoAddPolicy` or `paramiko.WarningPolicy` (class or instance).",
        why: "An unknown host key is accepted silently, so a man in the middle can impersonate the server and collect credentials and commands.",
        example: "client.set_missing_host_key_policy(paramiko.AutoAddPolicy())",
        useInstead: "client.load_system_host_keys()\nclient.set_missing_host_key_policy(paramiko.RejectPolicy())",
        references: [RuleDoc.bandit("plugins/b507_ssh_no_host_key_verification.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import paramiko
        from paramiko import client
        c = paramiko.SSHClient()
        c.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # error: TL-B507
        c.set_missing_host_key_policy(client.WarningPolicy)  # error: TL-B507
        """),
        RuleExample("""
        import paramiko
        c = paramiko.SSHClient()
        c.set_missing_host_key_policy(paramiko.RejectPolicy())
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), case .attribute(_, "set_missing_host_key_policy", _) = context.tree[call.function].kind,
              let policy = call.argument(0, "policy") else { return [] }
        var name = context.qualifiedName(policy)
        if case .call(let f, _, _) = context.tree[policy].kind { name = context.qualifiedName(f) }
        guard let name, name.hasPrefix("paramiko."), name.hasSuffix("AutoAddPolicy") || name.hasSuffix("WarningPolicy") else { return [] }
        return [context.finding(descriptor, at: call.id, description: "`\(name)` accepts any unknown host key: the SSH server is not authenticated.",
                                remediation: "Load known host keys (`load_system_host_keys()`) and use `paramiko.RejectPolicy()`.", fix: "client.set_missing_host_key_policy(paramiko.RejectPolicy())")]
    }
}
