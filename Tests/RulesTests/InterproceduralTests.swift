import Findings
import PythonSemantics
import PythonSyntax
import Testing
@testable import Rules

/// Request data followed from a view into the project functions it calls, across modules and
/// through more than one call.
@Suite("Request data across calls")
struct InterproceduralTests {
    func file(_ path: String, _ code: String) -> RuleEngine.ProjectFile {
        let source = SourceFile(path: path, utf8: Array(code.utf8))
        return RuleEngine.ProjectFile(path: path, source: source, tree: PythonParser.parse(source))
    }

    let helpers = """
    import os, subprocess, requests

    def fetch(url, timeout=5):
        return requests.get(url, timeout=timeout).text

    def run_report(name):
        return build_and_run(name)

    def build_and_run(report):
        return subprocess.run(["sh", "-c", "make report NAME=" + report])

    def read_doc(folder, doc):
        return open(os.path.join(folder, doc)).read()

    def unused(url):
        return requests.get(url, timeout=5).text
    """

    @Test func viewDataReachesHelpersInAnotherModule() throws {
        let (_, findings) = RuleEngine.standard.analyzeProject([
            file("app/helpers.py", helpers),
            file("app/views.py", """
            from flask import Flask, request
            from .helpers import fetch, run_report, read_doc, unused
            app = Flask(__name__)

            @app.route("/preview")
            def preview():
                return fetch(request.args["url"])

            @app.route("/report", methods=["POST"])
            def report():
                return str(run_report(name=request.form["name"]))

            @app.route("/docs/<path:doc>")
            def docs(doc):
                return read_doc("/srv/docs", doc)

            @app.route("/fixed")
            def fixed():
                return unused("https://status.example.com/")
            """),
        ])
        let inHelpers = findings[0]
        let ssrf = try #require(inHelpers.first { $0.ruleID == "TL-WEB-SSRF" })
        #expect(ssrf.location.startLine == 4)
        #expect(ssrf.description.contains("passed in by `preview` at app/views.py:7"))
        #expect(ssrf.proofOfConcept?.hasPrefix("GET /preview?url=") == true)
        // Two calls deep, passed by keyword: the proof goes to the view that read the form.
        let command = try #require(inHelpers.first { $0.ruleID == "TL-WEB-COMMAND-INJECTION" })
        #expect(command.location.startLine == 10)
        #expect(command.proofOfConcept?.hasPrefix("POST /report") == true)
        #expect(inHelpers.contains { $0.ruleID == "TL-WEB-PATH-TRAVERSAL" && $0.location.startLine == 13 })
        // `unused` is only ever called with a constant.
        #expect(!inHelpers.contains { $0.ruleID == "TL-WEB-SSRF" && $0.location.startLine == 16 })
    }

    /// A helper returning a nested function's value over its parameter is summarised by what
    /// it returns, not by what one caller passed in: the view that passes a constant is quiet,
    /// and the one that passes its own form data is reported with that source.
    @Test func closuresOverAParameterAreNotTaintedByOtherCallers() throws {
        let (_, findings) = RuleEngine.standard.analyzeProject([
            file("app/utils.py", """
            import os
            STORAGE = "/var/lib/app"

            def storage_path(name):
                full = os.path.join(STORAGE, name)
                def short():
                    return os.path.normpath(full)
                return short()
            """),
            file("app/cloud.py", """
            import json
            from flask import Blueprint, request
            from app.utils import storage_path
            bp = Blueprint("cloud", __name__)

            @bp.post("/verify")
            def verify():
                with open(storage_path(json.loads(request.data)["file"])) as f:
                    return f.read()
            """),
            file("app/defaults.py", """
            from flask import Blueprint, request
            from app.utils import storage_path
            bp = Blueprint("defaults", __name__)

            @bp.get("/defaults")
            def defaults():
                with open(storage_path("defaults.json")) as f:
                    return f.read()

            @bp.post("/load")
            def load():
                with open(storage_path(request.form["filename"])) as f:
                    return f.read()
            """),
        ])
        let paths = findings.map { $0.filter { $0.ruleID == "TL-WEB-PATH-TRAVERSAL" } }
        #expect(paths[1].map(\.location.startLine) == [8])
        #expect(paths[2].map(\.location.startLine) == [12])
        let load = try #require(paths[2].first)
        #expect(load.description.contains("request.form"))
        #expect(!load.description.contains("verify"))
    }

    @Test func helpersCalledOnlyWithTrustedValuesStayQuiet() {
        let (_, findings) = RuleEngine.standard.analyzeProject([
            file("app/helpers.py", helpers),
            file("app/jobs.py", """
            from .helpers import fetch, run_report
            def nightly(config):
                fetch(config["feed"])
                run_report("daily")
            """),
        ])
        #expect(!findings[0].contains { $0.ruleID.hasPrefix("TL-WEB-") })
    }

    @Test func sanitizedAtTheCallSiteIsNotFollowed() {
        let (_, findings) = RuleEngine.standard.analyzeProject([
            file("app/helpers.py", helpers),
            file("app/views.py", """
            from flask import Flask, request
            from werkzeug.utils import secure_filename
            from .helpers import read_doc
            app = Flask(__name__)

            @app.route("/docs")
            def docs():
                return read_doc("/srv/docs", secure_filename(request.args["doc"]))
            """),
        ])
        #expect(!findings[0].contains { $0.ruleID == "TL-WEB-PATH-TRAVERSAL" })
    }

    @Test func methodsCalledOnSelfAreFollowed() {
        let (_, findings) = RuleEngine.standard.analyzeProject([
            file("shop/views.py", """
            import requests
            from django.http import HttpResponse
            from django.views import View

            class Base(View):
                def download(self, url):
                    return requests.get(url, timeout=5).content

            class Preview(Base):
                def get(self, request):
                    return HttpResponse(self.download(request.GET["url"]))

                def fetch_fixed(self, url):
                    return requests.get(url, timeout=5).content

                def post(self, request):
                    return HttpResponse(self.fetch_fixed("https://example.com/"))
            """),
        ])
        let ssrf = findings[0].filter { $0.ruleID == "TL-WEB-SSRF" }.map(\.location.startLine)
        #expect(ssrf == [7])
    }

    @Test func methodsOfInstancesBuiltHereAreFollowed() {
        let (_, findings) = RuleEngine.standard.analyzeProject([
            file("app/services.py", """
            import requests
            class Fetcher:
                def get(self, url):
                    return requests.get(url, timeout=5).text
            """),
            file("app/views.py", """
            from flask import Flask, request
            from .services import Fetcher
            app = Flask(__name__)

            @app.route("/preview")
            def preview():
                fetcher = Fetcher()
                return fetcher.get(request.args["url"])
            """),
        ])
        #expect(findings[0].contains { $0.ruleID == "TL-WEB-SSRF" && $0.location.startLine == 4 })
    }
}

/// Django views get the URL their project's `urlpatterns` serve them at (through `include()`),
/// so a proof of concept is addressed to the real path.
@Suite("Django URL configuration")
struct DjangoURLConfTests {
    func file(_ path: String, _ code: String) -> RuleEngine.ProjectFile {
        let source = SourceFile(path: path, utf8: Array(code.utf8))
        return RuleEngine.ProjectFile(path: path, source: source, tree: PythonParser.parse(source))
    }

    func findings() -> [Finding] {
        let files = [
            file("site/urls.py", """
            from django.urls import include, path
            urlpatterns = [path("shop/", include("shop.urls"))]
            """),
            file("shop/urls.py", """
            from django.urls import path
            from . import views
            urlpatterns = [
                path("items/<int:pk>/", views.item),
                path("search/", views.Search.as_view()),
            ]
            """),
            file("shop/views.py", """
            from django.http import HttpResponse, HttpResponseRedirect
            from django.views import View

            def item(request, pk):
                return HttpResponseRedirect(request.GET["next"])

            class Search(View):
                def post(self, request):
                    return HttpResponse("<h1>" + request.POST["q"] + "</h1>")

            def unrouted(request):
                return HttpResponseRedirect(request.GET["next"])
            """),
        ]
        return RuleEngine.standard.analyzeProject(files).findings.joined().map { $0 }
    }

    @Test func functionViewThroughAnInclude() throws {
        let redirect = try #require(findings().first { $0.ruleID == "TL-WEB-OPEN-REDIRECT" && $0.location.startLine == 5 })
        #expect(redirect.proofOfConcept?.hasPrefix("GET /shop/items/1/?next=https%3A//evil.example/login HTTP/1.1") == true, "\(redirect.proofOfConcept ?? "nil")")
    }

    @Test func classBasedViewMethod() throws {
        let xss = try #require(findings().first { $0.ruleID == "TL-WEB-REFLECTED-XSS" })
        #expect(xss.proofOfConcept?.hasPrefix("POST /shop/search/ HTTP/1.1") == true, "\(xss.proofOfConcept ?? "nil")")
    }

    @Test func aViewNoURLServesKeepsTheGenericNote() throws {
        let redirect = try #require(findings().first { $0.ruleID == "TL-WEB-OPEN-REDIRECT" && $0.location.startLine == 12 })
        #expect(redirect.proofOfConcept?.hasPrefix("# send to the URL routed to `unrouted`") == true, "\(redirect.proofOfConcept ?? "nil")")
    }

    /// A handler registered in another module (`routes.py` naming `views.show`) takes the
    /// request first, whatever the parameter's name; an unregistered look-alike does not.
    @Test func aiohttpHandlersRegisteredInAnotherModule() throws {
        let (_, findings) = RuleEngine.standard.analyzeProject([
            file("app/views.py", """
            from aiohttp import web

            async def show(req):
                return web.Response(text="<p>" + req.query["q"] + "</p>", content_type="text/html")

            async def helper(req):
                return web.Response(text="<p>" + req.query["q"] + "</p>", content_type="text/html")
            """),
            file("app/routes.py", """
            from aiohttp import web
            from . import views

            def setup_routes(app):
                app.router.add_get("/show", views.show)
            """),
        ])
        let xss = findings.flatMap { $0 }.filter { $0.ruleID == "TL-WEB-REFLECTED-XSS" }
        #expect(xss.map(\.location.startLine) == [4])
        #expect(xss.first?.proofOfConcept?.hasPrefix("GET /show?q=") == true, "\(xss.first?.proofOfConcept ?? "nil")")
    }
}

/// A helper's branch on a flag its callers fix: `export(name)` leaves `from_setup` at its
/// default, so the branch for the command-line setup never runs for request data.
@Suite("Branches decided by the callers' constant arguments")
struct CallConstantTests {
    let helpers = """
    import os

    def export(name, data, from_setup=False):
        if from_setup:
            path = name
        else:
            path = os.path.join("/srv/exports", os.path.basename(name))
        with open(path, "w") as handle:
            handle.write(data)

    def restore(name, verbose):
        if not verbose:
            path = os.path.basename(name)
        else:
            path = name
        return open(path).read()
    """

    @Test func aBranchNoCallTakesIsNotAPath() {
        let got = flowLines([("app/helpers.py", helpers), ("app/views.py", """
        from flask import Flask, request
        from .helpers import export, restore
        app = Flask(__name__)

        @app.route("/export", methods=["POST"])
        def export_view():
            export(request.form["name"], "{}")
            return restore(request.form["name"], False)
        """)])
        #expect(got.isEmpty, "\(got)")
    }

    @Test func aCallThatTakesTheBranchOrPassesAVariableKeepsThePath() {
        let got = flowLines([("app/helpers.py", helpers), ("app/views.py", """
        from flask import Flask, request
        from .helpers import export, restore
        app = Flask(__name__)

        @app.route("/export", methods=["POST"])
        def export_view():
            export(request.form["name"], "{}", from_setup=True)
            return restore(request.form["name"], request.args.get("v") == "1")
        """)])
        #expect(got == ["app/helpers.py:16: TL-WEB-PATH-TRAVERSAL", "app/helpers.py:8: TL-WEB-PATH-TRAVERSAL"], "\(got)")
    }
}

/// Methods of objects a project factory makes, and static and class methods called on their class.
@Suite("Calls through factories and class methods")
struct FactoryCallTests {
    let things = """
    import html

    class Thing:
        def do_something(self, text):
            return text.strip()

    class SafeThing:
        def do_something(self, text):
            return html.escape(text)

    def create_thing():
        thing = Thing()
        return thing

    def create_safe_thing():
        return SafeThing()

    class Helpers:
        @staticmethod
        def echo(text):
            return text

        @classmethod
        def quote(cls, text):
            return html.escape(text)
    """

    @Test func aFactorysProductAndClassMethodsAreFollowed() {
        let got = flowLines([("app/things.py", things), ("app/views.py", """
        import os
        from flask import Flask, request
        from .things import Helpers, Thing, create_safe_thing, create_thing
        app = Flask(__name__)

        @app.route("/a")
        def a():
            name = request.args["name"]
            os.system("ls " + create_thing().do_something(name))
            thing = create_thing()
            os.system("ls " + thing.do_something(name))
            os.system("ls " + Thing().do_something(name))
            os.system("ls " + Helpers.echo(name))
            return "<p>" + create_safe_thing().do_something(name) + Helpers.quote(name) + "</p>"
        """)])
        #expect(got == ["app/views.py:11: TL-B605", "app/views.py:12: TL-B605", "app/views.py:13: TL-B605", "app/views.py:9: TL-B605"], "\(got)")
    }
}

/// The flow findings of a project scanned as a whole, as sorted `path:line: rule` lines.
func flowLines(_ files: [(String, String)]) -> [String] {
    let project = files.map { path, code -> RuleEngine.ProjectFile in
        let source = SourceFile(path: path, utf8: Array(code.utf8))
        return RuleEngine.ProjectFile(path: path, source: source, tree: PythonParser.parse(source))
    }
    return RuleEngine.standard.analyzeProject(project).findings.joined().filter { !$0.steps.isEmpty }
        .map { "\($0.location.file):\($0.location.startLine): \($0.ruleID)" }.sorted()
}
