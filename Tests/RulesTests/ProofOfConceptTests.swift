import Findings
import Testing
@testable import Rules

/// A finding fed by request data carries the HTTP request that exploits it, addressed to the
/// route its handler declares and with the payload where the code reads it.
@Suite("Proofs of concept")
struct ProofOfConceptTests {
    func proof(_ code: String, _ rule: String) -> String? {
        analyze(code).findings.first { $0.ruleID == rule }?.proofOfConcept
    }

    @Test func queryParameterOfAFlaskRoute() {
        let poc = proof("""
        from flask import Flask, redirect, request
        app = Flask(__name__)
        @app.route("/login", methods=["GET", "POST"])
        def login():
            target = request.args.get("next", "/")
            return redirect(target)
        """, "TL-WEB-OPEN-REDIRECT")
        #expect(poc?.hasPrefix("GET /login?next=https%3A//evil.example/login HTTP/1.1\nHost: localhost:5000") == true, "\(poc ?? "nil")")
    }

    @Test func formFieldIsPostedToTheRoute() {
        let poc = proof("""
        import sqlite3
        from flask import Flask, request
        app = Flask(__name__)
        db = sqlite3.connect("app.db")
        @app.route("/users/<int:team>", methods=["POST"])
        def add(team):
            name = request.form["name"]
            db.execute(f"SELECT * FROM users WHERE team = {team} AND name = '{name}'")
        """, "TL-B608")
        #expect(poc == "POST /users/1 HTTP/1.1\nHost: localhost:5000\nContent-Type: application/x-www-form-urlencoded\nContent-Length: 41\n\nname=%27%20OR%20%271%27%3D%271%27%20--%20")
    }

    @Test func aMappingReadIntoALocalIsFilledByTheKeyThePathReads() {
        let starlette = proof("""
        import subprocess
        from starlette.routing import Route
        async def resize(request):
            form = await request.form()
            size = form["size"]
            return subprocess.check_output("convert x.png -resize " + size, shell=True)
        routes = [Route("/resize", resize, methods=["POST"])]
        """, "TL-B602")
        #expect(starlette?.hasSuffix("\n\nsize=127.0.0.1%3B%20id") == true, "\(starlette ?? "nil")")
        let flask = proof("""
        import subprocess
        from flask import Flask, request
        app = Flask(__name__)
        @app.route("/ping", methods=["POST"])
        def ping():
            data = request.form
            host = data.get("host")
            return subprocess.check_output("ping -c 1 " + host, shell=True)
        """, "TL-B602")
        #expect(flask?.hasSuffix("\n\nhost=127.0.0.1%3B%20id") == true, "\(flask ?? "nil")")
    }

    @Test func fastAPIPathParameterIsPutInThePath() {
        let poc = proof("""
        from fastapi import FastAPI
        from fastapi.responses import FileResponse
        app = FastAPI()
        @app.get("/files/{name}")
        def download(name: str):
            return FileResponse("/srv/files/" + name)
        """, "TL-WEB-PATH-TRAVERSAL")
        #expect(poc == "GET /files/..%2F..%2F..%2F..%2Fetc%2Fpasswd HTTP/1.1\nHost: localhost:5000" || poc == "GET /files/../../../../etc/passwd HTTP/1.1\nHost: localhost:5000", "\(poc ?? "nil")")
    }

    /// FastAPI's parameter markers say where the value comes from: `Header()` (with FastAPI's
    /// underscore-to-hyphen header name), `Cookie()`, `Form()`, also as `Annotated` metadata.
    @Test func fastAPIParameterMarkersChooseTheRequestPart() {
        let header = proof("""
        from fastapi import FastAPI, Header
        from fastapi.responses import FileResponse
        app = FastAPI()
        @app.get("/theme")
        def theme(x_theme_file: str = Header("default.css")):
            return FileResponse("/srv/themes/" + x_theme_file)
        """, "TL-WEB-PATH-TRAVERSAL")
        #expect(header == "GET /theme HTTP/1.1\nHost: localhost:5000\nx-theme-file: ../../../../etc/passwd", "\(header ?? "nil")")
        let cookie = proof("""
        from typing import Annotated
        from fastapi import Cookie, FastAPI
        from fastapi.responses import FileResponse
        app = FastAPI()
        @app.get("/last")
        def last(report: Annotated[str, Cookie()]):
            return FileResponse("/srv/reports/" + report)
        """, "TL-WEB-PATH-TRAVERSAL")
        #expect(cookie == "GET /last HTTP/1.1\nHost: localhost:5000\nCookie: report=../../../../etc/passwd", "\(cookie ?? "nil")")
        let form = proof("""
        from fastapi import FastAPI, Form
        from fastapi.responses import FileResponse
        app = FastAPI()
        @app.post("/open")
        def open_file(name: str = Form(...)):
            return FileResponse("/srv/files/" + name)
        """, "TL-WEB-PATH-TRAVERSAL")
        #expect(form?.hasPrefix("POST /open HTTP/1.1\nHost: localhost:5000\nContent-Type: application/x-www-form-urlencoded") == true, "\(form ?? "nil")")
    }

    @Test func djangoViewWithoutADecoratorSaysWhereToSendIt() {
        let poc = proof("""
        from django.http import HttpResponseRedirect
        def after_login(request):
            return HttpResponseRedirect(request.GET.get("next"))
        """, "TL-WEB-OPEN-REDIRECT")
        #expect(poc?.hasPrefix("# send to the URL routed to `after_login`") == true, "\(poc ?? "nil")")
        #expect(poc?.contains("GET /?next=https%3A//evil.example/login HTTP/1.1") == true)
    }

    @Test func headersFromDjangoMetaAreNamedAsHeaders() {
        let poc = proof("""
        from django.shortcuts import redirect
        def back(request):
            return redirect(request.META["HTTP_REFERER"])
        """, "TL-WEB-OPEN-REDIRECT")
        #expect(poc?.contains("\nReferer: https://evil.example/login") == true, "\(poc ?? "nil")")
    }

    @Test func valuesNotFromTheRequestHaveNoRequest() {
        let findings = analyze("""
        import subprocess
        def ping(host):
            subprocess.run("ping -c 1 " + host, shell=True)
        """).findings.filter { $0.ruleID == "TL-B602" }
        #expect(findings.count == 1)
        #expect(findings.first?.proofOfConcept == nil)
    }
}

extension ProofOfConceptTests {
    @Test func mongoFilterFieldsBecomeOperators() {
        let poc = proof("""
        from flask import Flask, request
        from pymongo import MongoClient
        app = Flask(__name__)
        db = MongoClient().shop
        @app.route("/login", methods=["POST"])
        def login():
            data = request.get_json()
            return str(db.users.find_one({"name": data["name"], "password": data["password"]}))
        """, "TL-WEB-NOSQL-INJECTION")
        #expect(poc?.hasPrefix("POST /login HTTP/1.1\nHost: localhost:5000\nContent-Type: application/json\n") == true, "\(poc ?? "nil")")
        #expect(poc?.contains("\n\n{\"name\": {\"$ne\": null}, \"password\": {\"$ne\": null}}\n") == true, "\(poc ?? "nil")")
    }

    @Test func requestDataEvaluatedOrUnpickledIsCritical() {
        let findings = analyze("""
        import pickle, base64
        from flask import Flask, request
        app = Flask(__name__)
        @app.route("/calc")
        def calc():
            return str(eval(request.args["expr"]))
        @app.route("/cart")
        def cart():
            return str(pickle.loads(base64.b64decode(request.cookies["cart"])))
        def offline(expr, blob):
            eval(expr)
            pickle.loads(blob)
        """).findings
        let critical = findings.filter { $0.severity == .critical }.map(\.ruleID)
        #expect(critical == ["TL-B307", "TL-B301"])
        #expect(findings.first { $0.ruleID == "TL-B307" }?.proofOfConcept?.hasPrefix("GET /calc?expr=__import__") == true)
        #expect(findings.first { $0.ruleID == "TL-B301" }?.proofOfConcept?.contains("Cookie: cart=PAYLOAD") == true)
        #expect(findings.filter { $0.severity == .medium }.count == 2, "the offline uses keep their default severity")
    }

    @Test func serverSideRequestForgeryAimsAtTheMetadataService() {
        let poc = proof("""
        import requests
        from flask import Flask, request
        app = Flask(__name__)
        @app.route("/hook")
        def hook():
            host = request.args["host"]
            return requests.get(f"http://{host}/status", timeout=3).text
        """, "TL-WEB-SSRF")
        #expect(poc?.hasPrefix("GET /hook?host=169.254.169.254/latest/meta-data/iam/security-credentials/%23 HTTP/1.1") == true, "\(poc ?? "nil")")
    }

    @Test func xmlFromTheRequestIsAnExploitableXXE() {
        let findings = analyze("""
        from flask import Flask, request
        from lxml import etree
        from xml.sax import make_parser
        from xml.sax.handler import feature_external_ges
        from xml.dom.pulldom import parseString
        app = Flask(__name__)
        @app.route("/upload", methods=["POST"])
        def upload():
            return etree.tostring(etree.fromstring(request.data))
        def offline(text):
            parser = make_parser()
            parser.setFeature(feature_external_ges, True)
            parseString(text, parser=parser)
            return etree.fromstring(text)
        """).findings.filter { $0.ruleID == "TL-B314" }
        // `make_parser()` reads no document: a Low note; lxml on unknown text resolves local
        // entities (before lxml 5): Medium.
        #expect(findings.map(\.severity) == [.high, .low, .high, .medium])
        #expect(findings.first?.proofOfConcept?.contains("ENTITY") == true)
    }

    @Test func yamlFromTheRequestIsCritical() {
        let findings = analyze("""
        import yaml
        from flask import Flask, request
        app = Flask(__name__)
        @app.route("/import", methods=["POST"])
        def upload():
            return str(yaml.load(request.data, Loader=yaml.Loader))
        def offline(text):
            return yaml.load(text, Loader=yaml.Loader)
        """).findings.filter { $0.ruleID == "TL-B506" }
        #expect(findings.map(\.severity) == [.critical, .medium])
        #expect(findings.first?.proofOfConcept?.contains("python/object/apply") == true)
    }

    @Test func aFixedIVIsReportedAsCWE329() {
        let findings = analyze("""
        from Crypto.Cipher import AES
        def seal(key):
            return AES.new(key, AES.MODE_CBC, iv=b"0000000000000000")
        """).findings.filter { $0.ruleID == "TL-CRYPTO-HARDCODED-KEY" }
        #expect(findings.map(\.cwe.number) == [329])
    }

    /// Tornado's route list is a regular expression: its capture groups are the handler
    /// method's parameters, filled with the payload where the handler reads one.
    @Test func tornadoRouteGroupsAreTheHandlersParameters() {
        let poc = proof("""
        import tornado.web
        class PostHandler(tornado.web.RequestHandler):
            def get(self, slug, page):
                self.write("<h1>" + slug + "</h1>")
        app = tornado.web.Application([(r"^/posts/([^/]+)/(\\d+)/?$", PostHandler)])
        """, "TL-WEB-REFLECTED-XSS")
        #expect(poc == "GET /posts/%3Cscript%3Ealert%28document.domain%29%3C/script%3E/1 HTTP/1.1\nHost: localhost:5000", "\(poc ?? "nil")")
    }

    /// aiohttp's `router.add_route(method, path, handler)` routes the handler; `get_argument`
    /// in Tornado and the keys of aiohttp's mappings name the field.
    @Test func registeredAiohttpHandlerIsRouted() {
        let poc = proof("""
        from aiohttp import web
        async def login(request):
            form = await request.post()
            raise web.HTTPFound(request.query["next"])
        app = web.Application()
        app.router.add_route("POST", "/login", login)
        """, "TL-WEB-OPEN-REDIRECT")
        #expect(poc?.hasPrefix("POST /login?next=https%3A//evil.example/login HTTP/1.1") == true, "\(poc ?? "nil")")
    }

    /// A Sanic blueprint's `url_prefix` is part of the path; `<name:str>` names the URL part first.
    @Test func sanicBlueprintPrefixAndTypedPart() {
        let poc = proof("""
        from sanic import Blueprint
        from sanic.response import html
        bp = Blueprint("users", url_prefix="/users/")
        @bp.get("/<name:str>/card")
        async def card(request, name):
            return html("<b>" + name + "</b>")
        """, "TL-WEB-REFLECTED-XSS")
        #expect(poc == "GET /users/%3Cscript%3Ealert%28document.domain%29%3C/script%3E/card HTTP/1.1\nHost: localhost:5000", "\(poc ?? "nil")")
    }
}

/// Where the framework puts a route's URL and a parameter's value.
extension ProofOfConceptTests {
    /// The prefix a router or blueprint is built with is part of every route's path.
    @Test func routerPrefixesArePartOfThePath() {
        let fastapi = proof("""
        from fastapi import APIRouter
        from fastapi.responses import RedirectResponse
        router = APIRouter(prefix="/notes/", tags=["notes"])
        @router.get("/done")
        def done(next_url: str):
            return RedirectResponse(next_url)
        """, "TL-WEB-OPEN-REDIRECT")
        #expect(fastapi?.hasPrefix("GET /notes/done?next_url=") == true, "\(fastapi ?? "nil")")
        let flask = proof("""
        from flask import Blueprint, redirect, request
        bp = Blueprint("account", __name__, url_prefix="/account")
        @bp.route("/login")
        def login():
            return redirect(request.args["next"])
        """, "TL-WEB-OPEN-REDIRECT")
        #expect(flask?.hasPrefix("GET /account/login?next=") == true, "\(flask ?? "nil")")
    }

    /// `Query(alias="next")` is read from `?next=`; a Pydantic model from the JSON body, with
    /// the field the code reads.
    @Test func fastAPIAliasesAndBodyModels() {
        let alias = proof("""
        from fastapi import FastAPI, Query
        from fastapi.responses import RedirectResponse
        app = FastAPI()
        @app.get("/done")
        def done(next_url: str = Query("/", alias="next")):
            return RedirectResponse(next_url)
        """, "TL-WEB-OPEN-REDIRECT")
        #expect(alias?.hasPrefix("GET /done?next=https%3A//evil.example/login HTTP/1.1") == true, "\(alias ?? "nil")")
        let body = proof("""
        import requests
        from fastapi import FastAPI
        from pydantic import BaseModel
        app = FastAPI()
        class Hook(BaseModel):
            name: str
            url: str
        @app.post("/hooks")
        def add(hook: Hook):
            return requests.get(hook.url, timeout=5).status_code
        """, "TL-WEB-SSRF")
        #expect(body?.hasPrefix("POST /hooks HTTP/1.1\nHost: localhost:5000\nContent-Type: application/json") == true, "\(body ?? "nil")")
        #expect(body?.contains("\n\n{\"url\": \"http://169.254.169.254/") == true, "\(body ?? "nil")")
    }

    /// Request data a FastAPI dependency returns goes to the route that declares it.
    @Test func fastAPIDependencyDataIsSentToTheDeclaringRoute() {
        let poc = proof("""
        from typing import Annotated
        from fastapi import Depends, FastAPI
        from fastapi.responses import HTMLResponse
        app = FastAPI()
        def common(q: str = ""):
            return {"q": q}
        @app.get("/items")
        def items(commons: Annotated[dict, Depends(common)]):
            return HTMLResponse("<p>" + commons["q"] + "</p>")
        """, "TL-WEB-REFLECTED-XSS")
        #expect(poc?.hasPrefix("GET /items?q=") == true, "\(poc ?? "nil")")
    }

    /// Django URL parts: `re_path` groups and a class-based view's `self.kwargs` are put in the
    /// path the URL configuration declares.
    @Test func djangoURLPartsArePutInThePath() {
        let regex = proof("""
        from django.http import FileResponse
        from django.urls import re_path
        def attachment(request, name):
            return FileResponse(open("/srv/files/" + name, "rb"))
        urlpatterns = [re_path(r"^files/(?P<name>.+)$", attachment)]
        """, "TL-WEB-PATH-TRAVERSAL")
        #expect(regex?.hasPrefix("GET /files/") == true && regex?.contains("etc") == true, "\(regex ?? "nil")")
        let view = proof("""
        from django.http import HttpResponse
        from django.urls import path
        from django.views.generic import TemplateView
        class Tag(TemplateView):
            def get_context_data(self, **kwargs):
                return {"heading": HttpResponse("<h1>" + self.kwargs["tag"] + "</h1>")}
        urlpatterns = [path("tags/<str:tag>/", Tag.as_view())]
        """, "TL-WEB-REFLECTED-XSS")
        #expect(view?.hasPrefix("GET /tags/%3Cscript%3E") == true, "\(view ?? "nil")")
    }
}

extension ProofOfConceptTests {
    /// Starlette's `Route` lists (inside `Mount`s, an `HTTPEndpoint` for its methods) give the
    /// path; `{name:path}` names the parameter first, as FastAPI's does.
    @Test func starletteRouteListsGiveThePath() {
        let code = """
        from starlette.applications import Starlette
        from starlette.endpoints import HTTPEndpoint
        from starlette.responses import FileResponse, RedirectResponse
        from starlette.routing import Mount, Route

        async def image(request):
            return FileResponse("/srv/images/" + request.path_params["name"])

        class Login(HTTPEndpoint):
            async def post(self, request):
                form = await request.form()
                return RedirectResponse(request.query_params["next"])

        api = [Route("/images/{name:path}", image)]
        app = Starlette(routes=[Mount("/api/", routes=api), Route("/login", Login)])
        """
        let image = proof(code, "TL-WEB-PATH-TRAVERSAL")
        #expect(image?.hasPrefix("GET /api/images/") == true && image?.contains("etc") == true, "\(image ?? "nil")")
        let login = proof(code, "TL-WEB-OPEN-REDIRECT")
        #expect(login?.hasPrefix("POST /login?next=https%3A//evil.example/login HTTP/1.1") == true, "\(login ?? "nil")")
        let fastapi = proof("""
        from fastapi import FastAPI
        from fastapi.responses import FileResponse
        app = FastAPI()
        @app.get("/files/{file_path:path}")
        def download(file_path: str):
            return FileResponse("/srv/files/" + file_path)
        """, "TL-WEB-PATH-TRAVERSAL")
        #expect(fastapi?.hasPrefix("GET /files/1") == false && fastapi?.contains("etc") == true, "\(fastapi ?? "nil")")
    }
}
