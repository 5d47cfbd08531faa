import Dataflow
import Findings
import PythonSyntax

/// B323: `ssl._create_unverified_context`.
enum UnverifiedSSLContext {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B323", name: "unverified-ssl-context", summary: "SSL context that does not verify certificates",
        severity: .medium, confidence: .high, owasp: .a07, cwe: 295, bandit: "B323", ruff: "S323",
        what: "Finds `ssl._create_unverified_context()` and assignments of it to `ssl._create_default_https_context`.",
        why: "Certificates and host names are not checked, so anyone on the network path can impersonate the server (man in the middle).",
        example: "ctx = ssl._create_unverified_context()",
        useInstead: "ctx = ssl.create_default_context()",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b323-unverified-context"), "https://peps.python.org/pep-0476/"])

    static let rule = Rule(descriptor, on: [.call, .assign], examples: [
        RuleExample("""
        import ssl
        ctx = ssl._create_unverified_context()  # error: TL-B323
        ssl._create_default_https_context = ssl._create_unverified_context  # error: TL-B323
        """),
        RuleExample("""
        import ssl
        ctx = ssl.create_default_context()
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        switch node {
        case .expression:
            guard let call = context.call(node), call.name == "ssl._create_unverified_context" else { return [] }
            return [context.finding(descriptor, at: call.id, description: "`ssl._create_unverified_context()` creates a context that accepts any certificate for any host.",
                                    remediation: "Use `ssl.create_default_context()`; to trust a private CA, pass `cafile=`.", fix: "ssl.create_default_context()")]
        case .statement(let stmt):
            guard case .assign(let targets, let value, _) = context.tree[stmt].kind,
                  targets.contains(where: { context.qualifiedName($0) == "ssl._create_default_https_context" }),
                  context.qualifiedName(value) == "ssl._create_unverified_context" else { return [] }
            return [context.finding(descriptor, at: stmt, description: "Every HTTPS connection of the process stops verifying certificates: the default context is replaced by the unverified one.",
                                    remediation: "Remove this assignment; configure a CA bundle instead of disabling verification.")]
        case .module:
            return []
        }
    }
}
