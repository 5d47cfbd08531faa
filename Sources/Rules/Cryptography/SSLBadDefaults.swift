import Dataflow
import Findings
import PythonSyntax

/// B503: functions whose default SSL/TLS version is broken.
enum SSLBadDefaults {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B503", name: "ssl-with-bad-defaults", summary: "function defaults to a broken SSL/TLS version",
        severity: .medium, confidence: .medium, owasp: .a02, cwe: 327, bandit: "B503", ruff: "S503",
        what: "Finds function parameters whose default value is SSLv2, SSLv3, TLS 1.0 or TLS 1.1.",
        why: "Every caller that does not pass the argument silently gets a protocol version with practical attacks.",
        example: "def connect(host, version=ssl.PROTOCOL_SSLv3): ...",
        useInstead: "def connect(host, version=ssl.PROTOCOL_TLS_CLIENT): ...",
        references: [RuleDoc.bandit("plugins/b503_ssl_with_bad_defaults.html")])

    static let rule = Rule(descriptor, on: [.functionDef], examples: [
        RuleExample("""
        import ssl
        def connect(host, version=ssl.PROTOCOL_SSLv3):  # error: TL-B503
            return host
        """),
        RuleExample("""
        import ssl
        def connect(host, version=ssl.PROTOCOL_TLS_CLIENT):
            return host
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard case .statement(let stmt) = node else { return [] }
        switch context.tree[stmt].kind {
        case .functionDef(let def), .asyncFunctionDef(let def):
            for (arg, value) in context.tree.parametersWithDefaults(of: def.args) {
                guard let bad = SSLSupport.badProtocol(value, context) else { continue }
                return [context.finding(descriptor, at: value,
                                        description: "Parameter `\(arg.arg)` of `\(def.name)` defaults to `\(bad)`, a broken protocol version.",
                                        remediation: "Default to `ssl.PROTOCOL_TLS_CLIENT` (or `PROTOCOL_TLS_SERVER`) and set a minimum version of TLS 1.2.")]
            }
            return []
        default:
            return []
        }
    }
}
