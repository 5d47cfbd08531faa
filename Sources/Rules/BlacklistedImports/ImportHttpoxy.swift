import Dataflow
import Findings
import PythonSyntax

/// B412: import of `wsgiref.handlers.CGIHandler, twisted.web.twcgi.CGIScript, twisted.web.twcgi.CGIDirectory`.
enum ImportHttpoxy {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B412", name: "import-httpoxy", summary: "CGI handler open to httpoxy imported",
        severity: .low, confidence: .high, owasp: .a01, cwe: 284, bandit: "B412", ruff: "S412",
        what: "Reports imports of `wsgiref.handlers.CGIHandler` and `twisted.web.twcgi` CGI classes, and their use through the module (`wsgiref.handlers.CGIHandler().run(app)` after `import wsgiref.handlers`), where no import names them.",
        why: "CGI handlers copy the Proxy request header into HTTP_PROXY, so a client can redirect outgoing requests (httpoxy).",
        example: "from wsgiref.handlers import CGIHandler",
        useInstead: "from wsgiref.simple_server import make_server",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")])

    static let modules = ["wsgiref.handlers.CGIHandler", "twisted.web.twcgi.CGIScript", "twisted.web.twcgi.CGIDirectory"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        from wsgiref.handlers import CGIHandler  # error: TL-B412
        CGIHandler().run(app)
        """),
        RuleExample("""
        import wsgiref.handlers
        from twisted.web import static, twcgi
        wsgiref.handlers.CGIHandler().run(app)  # error: TL-B412
        root = static.File("/srv")
        root.putChild("cgi-bin", twcgi.CGIDirectory("/var/www/cgi-bin"))  # error: TL-B412
        """),
        RuleExample("""
        from wsgiref.simple_server import make_server
        import wsgiref.handlers
        wsgiref.handlers.SimpleHandler(stdin, stdout, stderr, environ).run(app)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        if case .expression = node {
            // A CGI class used through its module: the import (of the module) did not name it.
            guard let call = context.call(node), let name = call.name, modules.contains(name),
                  case .attribute = context.tree[call.function].kind else { return [] }
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` runs the application as CGI: the client's `Proxy` header becomes `HTTP_PROXY` (httpoxy), so outgoing requests can be redirected.",
                                    remediation: "Do not run the app as CGI; if you must, strip the Proxy header.")]
        }
        return ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "CGI handlers copy the Proxy request header into HTTP_PROXY, so a client can redirect outgoing requests (httpoxy).", instead: "Do not run the app as CGI; if you must, strip the Proxy header.")
    }
}
