import Dataflow
import Findings
import PythonSyntax

/// B502: SSL/TLS contexts or sockets with a broken protocol version.
enum SSLInsecureVersion {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B502", name: "ssl-insecure-version", summary: "SSLv2/SSLv3/TLS 1.0/TLS 1.1 protocol selected",
        severity: .high, confidence: .high, owasp: .a02, cwe: 327, bandit: "B502", ruff: "S502",
        what: "Finds calls (`ssl.wrap_socket`, `ssl.SSLContext`, `OpenSSL.SSL.Context`, any call with `ssl_version=`) that select SSLv2, SSLv3, TLS 1.0 or TLS 1.1.",
        why: "These protocol versions have practical attacks (POODLE, BEAST, DROWN) and are disabled by modern clients; traffic can be decrypted.",
        example: "ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)",
        useInstead: "ctx = ssl.create_default_context()\nctx.minimum_version = ssl.TLSVersion.TLSv1_2",
        references: [RuleDoc.bandit("plugins/b502_ssl_with_bad_version.html"), "https://datatracker.ietf.org/doc/html/rfc8996"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import ssl
        from OpenSSL import SSL
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # error: TL-B502
        s = ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)  # error: TL-B502
        c = SSL.Context(SSL.SSLv3_METHOD)  # error: TL-B502
        """),
        RuleExample("""
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        s = ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1_2)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        var candidates: [ExprID] = []
        if let v = call.keyword("ssl_version") { candidates.append(v) }
        if let v = call.keyword("method") { candidates.append(v) }
        if let v = call.keyword("protocol") { candidates.append(v) }
        if let name = call.name, ["ssl.SSLContext", "OpenSSL.SSL.Context", "pyOpenSSL.SSL.Context"].contains(name), let first = call.args.first { candidates.append(first) }
        guard let bad = candidates.lazy.compactMap({ SSLSupport.badProtocol($0, context) }).first else { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(call.name ?? context.text(call.function))` selects `\(bad)`, a protocol version with practical attacks.",
                                remediation: "Use `ssl.create_default_context()` (or `PROTOCOL_TLS_CLIENT`/`PROTOCOL_TLS_SERVER`) and set `minimum_version = ssl.TLSVersion.TLSv1_2`.")]
    }
}
