import Findings
import PythonSyntax
import Testing
@testable import Rules

/// Proofs of concept for handlers whose routes are registered by a call (Falcon's
/// `add_route`, Bottle's `callback=`, Pyramid's `add_route` + `view_config`), often in another
/// module, and for values named the framework's way (`req.get_param("q")`, `request.query.q`).
@Suite("Proofs of concept: Falcon, Bottle, Pyramid")
struct FrameworkProofOfConceptTests {
    func project(_ files: [(String, String)]) -> [Finding] {
        let projectFiles = files.map { path, code -> RuleEngine.ProjectFile in
            let source = SourceFile(path: path, utf8: Array(code.utf8))
            return RuleEngine.ProjectFile(path: path, source: source, tree: PythonParser.parse(source))
        }
        return RuleEngine.standard.analyzeProject(projectFiles).findings.flatMap { $0 }
    }

    func proofs(_ findings: [Finding], _ rule: String) -> [String] {
        findings.filter { $0.ruleID == rule }.sorted { $0.location.startLine < $1.location.startLine }.compactMap(\.proofOfConcept)
    }

    @Test func falconRespondersAreSentToTheirRegisteredRoute() {
        let findings = project([
            ("api/__init__.py", """
            import falcon
            from .resources import Items

            app = falcon.App()
            app.add_route("/items/{name}", Items())
            app.add_route("/items/{name}/tags", Items(), suffix="tags")
            """),
            ("api/resources.py", """
            import falcon

            class Items:
                def on_get(self, req, resp, name):
                    raise falcon.HTTPFound(req.get_param("next"))

                def on_post_tags(self, req, resp, name):
                    resp.content_type = falcon.MEDIA_HTML
                    resp.text = "<p>" + name + "</p>"
            """),
        ])
        #expect(proofs(findings, "TL-WEB-OPEN-REDIRECT").first?.hasPrefix("GET /items/1?next=https%3A//evil.example/login HTTP/1.1") == true,
                "\(proofs(findings, "TL-WEB-OPEN-REDIRECT"))")
        #expect(proofs(findings, "TL-WEB-REFLECTED-XSS").first?.hasPrefix("POST /items/%3Cscript%3Ealert%28document.domain%29%3C/script%3E/tags HTTP/1.1") == true,
                "\(proofs(findings, "TL-WEB-REFLECTED-XSS"))")
    }

    @Test func bottleRoutesKeepTheirMethodAndWildcards() {
        let findings = project([("app.py", """
        from bottle import Bottle, request, redirect

        app = Bottle()

        @app.route("/login", method="POST")
        def login():
            redirect(request.forms.next_url)

        @app.get("/legacy/:name")
        def legacy(name):
            return "<p>" + name + "</p>"

        def tag(label):
            return "<i>" + label + "</i>"

        app.route("/tags/<label>", ["GET", "POST"], tag)
        """)])
        #expect(proofs(findings, "TL-WEB-OPEN-REDIRECT").first?.hasPrefix("POST /login HTTP/1.1") == true)
        #expect(proofs(findings, "TL-WEB-OPEN-REDIRECT").first?.hasSuffix("next_url=https%3A//evil.example/login\n# the response is a redirect with Location: https://evil.example/login") == true,
                "\(proofs(findings, "TL-WEB-OPEN-REDIRECT"))")
        let pages = proofs(findings, "TL-WEB-REFLECTED-XSS").map { $0.split(separator: "\n").first.map(String.init) ?? "" }
        #expect(pages == ["GET /legacy/%3Cscript%3Ealert%28document.domain%29%3C/script%3E HTTP/1.1",
                          "GET /tags/%3Cscript%3Ealert%28document.domain%29%3C/script%3E HTTP/1.1"])
    }

    @Test func pyramidViewsAreSentToTheRouteTheyJoin() {
        let findings = project([
            ("shop/__init__.py", """
            from pyramid.config import Configurator

            def main(global_config, **settings):
                with Configurator(settings=settings) as config:
                    config.add_route("product", "/products/{slug}")
                    config.add_route("checkout", "checkout")
                    config.scan()
                    return config.make_wsgi_app()
            """),
            ("shop/views.py", """
            from pyramid.httpexceptions import HTTPFound
            from pyramid.response import Response
            from pyramid.view import view_config, view_defaults

            @view_config(route_name="product")
            def product(request):
                return Response("<h1>" + request.matchdict["slug"] + "</h1>")

            @view_defaults(route_name="checkout")
            class Checkout:
                def __init__(self, context, request):
                    self.request = request

                @view_config(request_method="POST")
                def submit(self):
                    return HTTPFound(location=self.request.POST["return_to"])
            """),
        ])
        #expect(proofs(findings, "TL-WEB-REFLECTED-XSS").first?.hasPrefix("GET /products/%3Cscript%3Ealert%28document.domain%29%3C/script%3E HTTP/1.1") == true,
                "\(proofs(findings, "TL-WEB-REFLECTED-XSS"))")
        #expect(proofs(findings, "TL-WEB-OPEN-REDIRECT").first?.hasPrefix("POST /checkout HTTP/1.1") == true, "\(proofs(findings, "TL-WEB-OPEN-REDIRECT"))")
        #expect(proofs(findings, "TL-WEB-OPEN-REDIRECT").first?.contains("return_to=https%3A//evil.example/login") == true)
    }
}
