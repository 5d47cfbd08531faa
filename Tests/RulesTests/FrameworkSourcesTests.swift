import Dataflow
import Findings
import Testing
@testable import Rules

/// Every request field of the Falcon, Bottle, Pyramid, Flask, Django and Starlette rows in the catalog is a source:
/// each one, read in a handler and written into an HTML response, is reported and named with
/// its framework and label. Keeps the rows and the source model from drifting apart.
@Suite("Catalog rows are sources")
struct FrameworkSourcesTests {
    /// A handler of `framework` whose HTML response carries `read` (an expression on the request).
    static func handler(_ framework: Framework, _ read: String) -> String {
        switch framework {
        case .falcon:
            return """
            import falcon

            class Resource:
                def on_get(self, req, resp):
                    resp.content_type = falcon.MEDIA_HTML
                    resp.text = "<p>" + str(\(read.replacingOccurrences(of: "REQUEST", with: "req"))) + "</p>"
            """
        case .bottle:
            return """
            from bottle import get, request

            @get("/page")
            def page():
                return "<p>" + str(\(read.replacingOccurrences(of: "REQUEST", with: "request"))) + "</p>"
            """
        case .flask:
            return """
            from flask import Flask, request
            app = Flask(__name__)
            @app.route("/page/<name>")
            def page(name):
                return "<p>" + str(\(read.replacingOccurrences(of: "REQUEST", with: "request"))) + "</p>"
            """
        case .django:
            return """
            from django.http import HttpResponse

            def page(request):
                return HttpResponse("<p>" + str(\(read.replacingOccurrences(of: "REQUEST", with: "request"))) + "</p>")
            """
        case .starlette:
            return """
            from starlette.responses import HTMLResponse

            async def page(request):
                return HTMLResponse("<p>" + str(\(read.replacingOccurrences(of: "REQUEST", with: "request"))) + "</p>")
            """
        default:
            return """
            from pyramid.response import Response

            def page(request):
                return Response("<p>" + str(\(read.replacingOccurrences(of: "REQUEST", with: "request"))) + "</p>")
            """
        }
    }

    /// Each attribute and method of a model, as code reading it.
    static func reads(_ model: FrameworkModel) -> [(read: String, label: String)] {
        model.attributes.values.map { ("REQUEST.\($0.name)", $0.label) } + model.methods.values.map { ("REQUEST.\($0.name)(\"x\")", $0.label) }
    }

    static let rows: [(Framework, String, String)] = [Framework.falcon, .bottle, .pyramid, .flask, .django, .starlette].flatMap { framework in
        reads(FrameworkCatalog.model(framework)).sorted { $0.read < $1.read }.map { (framework, $0.read, $0.label) }
    }

    @Test("each field reaches the sink, named by its framework and label", arguments: rows.indices)
    func fieldIsASource(_ index: Int) {
        let (framework, read, label) = Self.rows[index]
        let findings = analyze(Self.handler(framework, read)).findings.filter { $0.ruleID == "TL-WEB-REFLECTED-XSS" }
        #expect(findings.count == 1, "\(framework.rawValue) \(read): \(findings.map(\.description))")
        #expect(findings.first?.description.contains("(\(framework.rawValue) request \(label))") == true, "\(framework.rawValue) \(read): \(findings.map(\.description))")
    }

    @Test func bottleMappingsReadKeysAsAttributesAndByReaders() {
        for read in ["request.query.name", "request.forms.name", "request.params.name", "request.cookies.name",
                     "request.query.getunicode(\"name\")", "request.forms.getall(\"name\")[0]", "request.files.doc.raw_filename"] {
            let code = Self.handler(.bottle, read.replacingOccurrences(of: "request", with: "REQUEST"))
            #expect(reportedLines(analyze(code).findings, "TL-WEB-REFLECTED-XSS") == [5], "\(read)")
        }
    }

    @Test func readsTheFrameworkMakesSafeAreNot() {
        for (framework, read) in [(Framework.bottle, "REQUEST.files.get(\"doc\").filename"), (.bottle, "REQUEST.get_cookie(\"sid\", secret=KEY)"),
                                  (.bottle, "REQUEST.get_cookie(\"sid\", None, KEY)"), (.falcon, "REQUEST.get_param_as_int(\"n\")"),
                                  (.falcon, "REQUEST.context.user"), (.pyramid, "REQUEST.session[\"user\"]"), (.starlette, "REQUEST.url.scheme")] {
            let findings = analyze(Self.handler(framework, read)).findings.filter { $0.ruleID == "TL-WEB-REFLECTED-XSS" }
            #expect(findings.isEmpty, "\(framework.rawValue) \(read): \(findings.map(\.description))")
        }
    }
}
