import Dataflow
import Findings
import PythonSyntax

/// B504: `ssl.wrap_socket` without a protocol version.
enum SSLNoVersion {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B504", name: "ssl-with-no-version", summary: "ssl.wrap_socket without an explicit protocol version",
        severity: .low, confidence: .medium, owasp: .a02, cwe: 327, bandit: "B504", ruff: "S504",
        what: "Finds `ssl.wrap_socket(...)` without `ssl_version=` (the function is deprecated and removed in Python 3.12).",
        why: "The negotiated version depends on the Python and OpenSSL build; old builds allow broken versions, and the function does not check host names.",
        example: "s = ssl.wrap_socket(sock)",
        useInstead: "ctx = ssl.create_default_context()\ns = ctx.wrap_socket(sock, server_hostname=host)",
        references: [RuleDoc.bandit("plugins/b504_ssl_with_no_version.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import ssl
        s = ssl.wrap_socket(sock)  # error: TL-B504
        """),
        RuleExample("""
        import ssl
        s = ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)
        ctx = ssl.create_default_context()
        t = ctx.wrap_socket(sock, server_hostname="h")
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), call.name == "ssl.wrap_socket", call.keyword("ssl_version") == nil,
              call.args.count < 6, !call.hasUnpacking else { return [] }
        return [context.finding(descriptor, at: call.id, description: "`ssl.wrap_socket` is called without `ssl_version`; the protocol and host-name checking depend on defaults.",
                                remediation: "Create a context with `ssl.create_default_context()` and use `ctx.wrap_socket(sock, server_hostname=host)`.",
                                fix: "ssl.create_default_context().wrap_socket(sock, server_hostname=host)")]
    }
}
