import Findings
import PythonSyntax

/// B412: import of `wsgiref.handlers.CGIHandler, twisted.web.twcgi.CGIScript, twisted.web.twcgi.CGIDirectory`.
enum ImportHttpoxy {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B412", name: "import-httpoxy", summary: "CGI handler open to httpoxy imported",
        severity: .low, confidence: .high, owasp: .a05, cwe: 284, bandit: "B412", ruff: "S412",
        what: "Reports imports of `wsgiref.handlers.CGIHandler` and `twisted.web.twcgi` CGI classes. It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "CGI handlers copy the Proxy request header into HTTP_PROXY, so a client can redirect outgoing requests (httpoxy).",
        example: "from wsgiref.handlers import CGIHandler",
        useInstead: "from wsgiref.simple_server import make_server",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")])

    static let modules = ["wsgiref.handlers.CGIHandler", "twisted.web.twcgi.CGIScript", "twisted.web.twcgi.CGIDirectory"]

    static let rule = Rule(descriptor, on: [.import, .importFrom], examples: [
        RuleExample("""
        from wsgiref.handlers import CGIHandler  # error: TL-B412
        """),
        RuleExample("""
        from wsgiref.simple_server import make_server
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "CGI handlers copy the Proxy request header into HTTP_PROXY, so a client can redirect outgoing requests (httpoxy).", instead: "Do not run the app as CGI; if you must, strip the Proxy header.")
    }
}
