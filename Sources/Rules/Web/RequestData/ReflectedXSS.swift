import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Reflected XSS: request data written into an HTML response without escaping.
enum ReflectedXSS {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-REFLECTED-XSS", name: "reflected-xss", summary: "Request data returned in an HTML response without escaping",
        severity: .medium, confidence: .high, owasp: .a03, cwe: 79,
        what: "Finds request data (query string, form, headers, cookies, route parameters) that reaches an HTML response body without escaping (read in the same function, or passed in by a caller anywhere in the project): returned from a Flask/Quart view as a string (an f-string, a concatenation, `%`/`.format`, or the value itself), passed to `make_response(x)`, `flask.Response(x)`, Django `HttpResponse(x)`, Starlette/FastAPI `HTMLResponse(x)` (or their plain `Response(x, media_type=\"text/html\")`), Sanic `html(x)`, aiohttp `web.Response(text=x)`/`body=x` and Sanic `text(x)`/`raw(x)` declared `content_type=\"text/html\"` (both are plain text or bytes by default), Tornado `self.write(x)`/`self.finish(x)` in a `RequestHandler` (a dict is sent as JSON, and a handler that sets another `Content-Type` is not HTML), Bottle `HTTPResponse(x)`, Pyramid/WebOb `Response(x)` (`body=`, `text=`), or wrapped in `markupsafe.Markup(x)`; returned as a string from a Bottle route (`text/html` by default); assigned to a Falcon response's `resp.text`/`body`/`data` when the responder sets `resp.content_type = falcon.MEDIA_HTML` (or another HTML type), or to a Pyramid `request.response.text`/`body`. Values passed through `escape(...)`/`html.escape(...)`/`tornado.escape.xhtml_escape(...)`, `Markup(...) % x`, `int(...)`, `jsonify(...)` or a template, and responses with a non-HTML `mimetype`/`content_type`, are not reported; FastAPI handlers return JSON by default, unless the route declares `response_class=HTMLResponse`; so do Falcon responders, unless they set an HTML content type. Bottle's `template(\"name\", v=x)` and Pyramid views with a `renderer` render templates (autoescaped) or JSON: not reported.",
        why: "A string returned from a view is sent as `text/html`: a `<script>` in the request is echoed into the page and runs in the victim's browser with the site's cookies and permissions when they follow a crafted link.",
        example: "name = request.args.get(\"name\", \"\")\nreturn f\"<p>Hello {name}</p>\"",
        useInstead: "from markupsafe import escape\nname = request.args.get(\"name\", \"\")\nreturn f\"<p>Hello {escape(name)}</p>\"",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
                     "https://flask.palletsprojects.com/en/stable/web-security/#cross-site-scripting-xss"])

    static let rule = Rule(descriptor, on: [.call, .return, .assign], examples: [
        RuleExample("""
        from flask import Flask, Blueprint, make_response, request
        from markupsafe import Markup
        app = Flask(__name__)
        bp = Blueprint("bp", __name__)

        @app.route("/hello")
        def hello():
            name = request.args.get("name", "")
            return f"<p>Hello {name}</p>"  # error: TL-WEB-REFLECTED-XSS

        @app.route("/count")
        def count():
            # Werkzeug converts with `type=` before returning: a number, or the default.
            n = request.args.get("n", 1, type=int)
            label = request.args.get("label", "", type=str)
            return f"<p>page {n}</p>" + label  # error: TL-WEB-REFLECTED-XSS

        @bp.route("/echo")
        def echo():
            return "<pre>" + request.form["text"] + "</pre>", 200  # error: TL-WEB-REFLECTED-XSS

        @app.get("/search")
        def search():
            q = request.args["q"].strip()
            body = "<h1>Results for %s</h1>" % q
            return make_response(body)  # error: TL-WEB-REFLECTED-XSS

        @app.get("/page")
        def page():
            html = open("templates/page.html").read()
            return make_response(html.replace("{{ name }}", request.args.get("name", "")))  # error: TL-WEB-REFLECTED-XSS

        @app.route("/user/<username>")
        def user(username):
            Markup("<b>" + username + "</b>")  # error: TL-WEB-REFLECTED-XSS
            return "<h1>{}</h1>".format(username)  # error: TL-WEB-REFLECTED-XSS
        """),
        RuleExample("""
        from django.http import HttpResponse

        def greet(request):
            return HttpResponse("<p>Hi " + request.GET.get("name", "") + "</p>")  # error: TL-WEB-REFLECTED-XSS

        def item(request):
            from django.http import HttpResponseBadRequest, HttpResponseNotFound
            q = request.GET["q"]
            if not q.isdigit():
                return HttpResponseBadRequest("bad id: " + q)  # error: TL-WEB-REFLECTED-XSS
            return HttpResponseNotFound("<p>no item %s</p>" % q)
        """),
        RuleExample("""
        from fastapi import FastAPI, Response
        from fastapi.responses import HTMLResponse
        app = FastAPI()

        @app.get("/page")
        def page(title: str):
            return HTMLResponse(f"<title>{title}</title>")  # error: TL-WEB-REFLECTED-XSS

        @app.get("/hello", response_class=HTMLResponse)
        def hello(name: str):
            return f"<h1>Hello {name}</h1>"  # error: TL-WEB-REFLECTED-XSS

        @app.get("/card")
        def card(name: str):
            return Response(content=f"<div>{name}</div>", media_type="text/html")  # error: TL-WEB-REFLECTED-XSS
        """),
        RuleExample("""
        from fastapi import FastAPI, Response
        app = FastAPI()

        @app.get("/card.json")
        def card(name: str):
            return Response(content=f'{{"name": "{name}"}}', media_type="application/json")

        @app.get("/raw")
        def raw(name: str):
            return Response(name)
        """),
        RuleExample("""
        import html
        import json
        from flask import Flask, jsonify, make_response, render_template, request, Response
        from markupsafe import Markup, escape
        from django.http import HttpResponse
        app = Flask(__name__)

        @app.route("/hello")
        def hello():
            name = request.args.get("name", "")
            make_response(f"<p>{escape(name)}</p>")
            make_response(open("page.html").read().replace("{{ name }}", escape(name)))
            make_response(render_template("hello.html", name=name))
            Markup("<b>%s</b>") % name
            Markup("<b>{}</b>").format(name)
            Response(name, mimetype="text/plain")
            make_response(name, 200, {"Content-Type": "application/json"})
            HttpResponse(json.dumps({"name": name}), content_type="application/json")
            if not name:
                return jsonify(error="missing"), 400
            if name == "x":
                return {"name": name}
            if name == "y":
                return "<p>" + html.escape(name) + "</p>"
            return f"<p>{int(request.args['n'])}</p>"

        def helper(text):
            return "<p>" + text + "</p>"

        @app.route("/const")
        def const():
            return "<p>hello</p>"
        """),
        // FastAPI dependencies: FastAPI fills their parameters from the request, and the
        // parameter that declares one receives what it returns.
        RuleExample("""
        from typing import Annotated
        from fastapi import Depends, FastAPI
        from fastapi.responses import HTMLResponse
        app = FastAPI()

        async def common_parameters(q: str | None = None, skip: int = 0, limit: int = 100):
            return {"q": q, "skip": skip, "limit": limit}

        def search_term(term: str = ""):
            return term.strip()

        @app.get("/items/", response_class=HTMLResponse)
        async def read_items(commons: Annotated[dict, Depends(common_parameters)]):
            return "<p>Results for " + commons["q"] + "</p>"  # error: TL-WEB-REFLECTED-XSS

        @app.get("/search")
        def search(term: str = Depends(search_term)):
            return HTMLResponse(f"<h1>{term}</h1>")  # error: TL-WEB-REFLECTED-XSS
        """),
        RuleExample("""
        import html
        from typing import Annotated
        from fastapi import Depends, FastAPI
        from fastapi.responses import HTMLResponse
        app = FastAPI()

        def get_db():
            db = connect()
            try:
                yield db
            finally:
                db.close()

        def page_title():
            return "Items"

        def escaped_term(term: str = ""):
            return html.escape(term)

        def banner(text):
            return HTMLResponse("<p>" + text + "</p>")

        @app.get("/items/", response_class=HTMLResponse)
        async def read_items(title: Annotated[str, Depends(page_title)], term: str = Depends(escaped_term), db=Depends(get_db)):
            return f"<h1>{title}</h1><p>{term}</p>"
        """),
        // Starlette endpoints as its documentation writes them: an unannotated `request`.
        RuleExample("""
        from starlette.endpoints import HTTPEndpoint
        from starlette.responses import HTMLResponse

        async def homepage(request):
            return HTMLResponse("<h1>Hello " + request.query_params.get("name", "") + "</h1>")  # error: TL-WEB-REFLECTED-XSS

        class Greeting(HTTPEndpoint):
            async def get(self, request):
                return HTMLResponse(f"<p>{request.path_params['name']}</p>")  # error: TL-WEB-REFLECTED-XSS
        """),
        RuleExample("""
        import html
        from starlette.responses import HTMLResponse

        async def homepage(request):
            return HTMLResponse("<h1>Hello " + html.escape(request.query_params.get("name", "")) + "</h1>")
        """),
        // A `request` parameter in a module that imports no framework is not a request.
        RuleExample("""
        from markupsafe import Markup

        def badge(request):
            return Markup("<b>" + request.query_params["label"] + "</b>")
        """),
        RuleExample("""
        from fastapi import FastAPI
        app = FastAPI()

        @app.get("/echo")
        def echo(text: str):
            return f"you said {text}"
        """),
        // Routes registered on an app passed in (`def init(app)`, a blueprint factory).
        RuleExample("""
        from flask import request

        def init(app):
            @app.route("/hello", methods=["GET"])
            def hello():
                RESPONSE = ""
                param = request.headers.get("X-Name", "")
                RESPONSE += (
                    f"Hello {param}<br/>"
                )
                return RESPONSE  # error: TL-WEB-REFLECTED-XSS

            @app.route("/user/<name>")
            def user(name):
                return "<h1>" + name + "</h1>"  # error: TL-WEB-REFLECTED-XSS

            def read_form():
                data = request.form["data"]
                return "<p>" + data + "</p>", len(data)

            @app.route("/echo", methods=["POST"])
            def echo():
                page, size = read_form()
                return page  # error: TL-WEB-REFLECTED-XSS
        """),
        RuleExample("""
        from flask import request
        from markupsafe import escape

        def init(app):
            @app.route("/hello", methods=["GET"])
            def hello():
                RESPONSE = ""
                param = request.headers.get("X-Name", "")
                RESPONSE += (
                    f"Hello {escape(param)}<br/>"
                )
                return RESPONSE

            @app.route("/user/<int:uid>")
            def user(uid):
                return "<h1>" + str(uid) + "</h1>"

            def read_form():
                data = request.form["data"]
                if not data:
                    return True, "<p>missing data</p>", data
                return False, "", data

            @app.route("/job", methods=["POST"])
            def job():
                is_error, message, data = read_form()
                if is_error:
                    return message
                return "queued"

        def register(registry):
            @registry.route("not-a-path")
            def handler(name):
                return "<h1>" + name + "</h1>"
        """),
        // The standard library's servers, as small apps write them.
        RuleExample("""
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import parse_qs, urlparse

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                name = parse_qs(urlparse(self.path).query).get("name", [""])[0]
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(f"<p>Hello {name}</p>".encode())  # error: TL-WEB-REFLECTED-XSS

        def application(environ, start_response):
            query = parse_qs(environ["QUERY_STRING"])
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [("<h1>%s</h1>" % query["q"][0]).encode()]  # error: TL-WEB-REFLECTED-XSS
        """),
        // `wsgiref.util` reads request data out of the environ it is given.
        RuleExample("""
        from wsgiref.util import request_uri, shift_path_info

        def application(environ, start_response):
            name = shift_path_info(environ)
            start_response("200 OK", [("Content-Type", "text/html")])
            return [("<h1>Hello %s</h1>" % name).encode()]  # error: TL-WEB-REFLECTED-XSS

        def moved(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/html")])
            return [f"<a href='{request_uri(environ)}'>this page</a>".encode()]  # error: TL-WEB-REFLECTED-XSS
        """),
        RuleExample("""
        import html
        from wsgiref.util import setup_testing_defaults, shift_path_info

        def application(environ, start_response):
            name = shift_path_info(environ)
            start_response("200 OK", [("Content-Type", "text/html")])
            return [("<h1>Hello %s</h1>" % html.escape(name or "")).encode()]

        def offline(path):
            environ = {"PATH_INFO": path}
            setup_testing_defaults(environ)
            return "<h1>%s</h1>" % shift_path_info(environ)
        """),
        RuleExample("""
        import html
        import json
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import parse_qs, urlparse

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                name = parse_qs(urlparse(self.path).query).get("name", [""])[0]
                self.send_response(200)
                self.end_headers()
                self.wfile.write(f"<p>Hello {html.escape(name)}</p>".encode())

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

        def application(environ, start_response):
            query = parse_qs(environ["QUERY_STRING"])
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [query["q"][0].encode()]

        def api(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/html")])
            return [json.dumps({"path": len(environ["PATH_INFO"])}).encode()]
        """),
        // Falcon: a responder's `req` (second parameter) and URL fields; the body is HTML only
        // when the responder says so (Falcon's default type is JSON).
        RuleExample("""
        import falcon

        class Page:
            def on_get(self, req, resp, slug):
                resp.content_type = falcon.MEDIA_HTML
                resp.text = "<h1>" + slug + "</h1>"  # error: TL-WEB-REFLECTED-XSS

            def on_get_search(self, req, resp, slug):
                resp.content_type = "text/html; charset=utf-8"
                terms = ", ".join(req.get_param_as_list("t") or [])
                resp.text = f"<p>{req.get_param('q')} in {slug}</p>"  # error: TL-WEB-REFLECTED-XSS
                resp.text = "<p>" + terms + "</p>"  # error: TL-WEB-REFLECTED-XSS
                resp.text = "<p>" + req.params["q"] + req.get_header("X-Name") + "</p>"  # error: TL-WEB-REFLECTED-XSS
                resp.text = "<p>" + req.headers["USER-AGENT"] + req.cookies["theme"] + "</p>"  # error: TL-WEB-REFLECTED-XSS
                resp.text = "<p>" + req.get_cookie_values("pref")[0] + "</p>"  # error: TL-WEB-REFLECTED-XSS
                resp.text = "<p>" + req.path + req.query_string + req.uri + req.relative_uri + "</p>"  # error: TL-WEB-REFLECTED-XSS
                resp.data = req.bounded_stream.read()  # error: TL-WEB-REFLECTED-XSS

            def on_post(self, req, resp, slug):
                resp.content_type = falcon.MEDIA_HTML
                resp.body = "<p>" + req.media["comment"] + "</p>"  # error: TL-WEB-REFLECTED-XSS

            def on_put(self, req, resp, **params):
                resp.set_header("Content-Type", "text/html")
                resp.text = "<p>" + params["slug"] + "</p>"  # error: TL-WEB-REFLECTED-XSS

        class Admin:
            async def on_post(self, req, resp):
                doc = await req.get_media()
                resp.content_type = falcon.MEDIA_HTML
                resp.text = "<p>" + doc["title"] + (await req.stream.read()).decode() + "</p>"  # error: TL-WEB-REFLECTED-XSS

        app = falcon.App()
        app.add_route("/pages/{slug}", Page())
        app.add_route("/pages/{slug}/search", Page(), suffix="search")
        """),
        RuleExample("""
        import html
        import falcon

        class Page:
            def on_get(self, req, resp, slug):
                # No HTML type: Falcon sends `text` as JSON.
                resp.text = "<h1>" + slug + "</h1>"
                resp.media = {"q": req.get_param("q")}

            def on_get_item(self, req, resp, item_id):
                resp.content_type = falcon.MEDIA_HTML
                resp.text = "<h1>" + str(item_id) + item_id + "</h1>"
                resp.text = "<p>" + html.escape(req.get_param("q")) + "</p>"
                resp.text = "<p>%d</p>" % req.get_param_as_int("page")

            def on_post(self, req, resp, slug):
                resp.content_type = falcon.MEDIA_JSON
                resp.text = req.bounded_stream.read().decode()

        app = falcon.App()
        app.add_route("/pages/{slug}", Page())
        app.add_route("/items/{item_id:int}", Page(), suffix="item")
        """),
        // Outside a Falcon module, `on_get(self, req, resp)` is any method.
        RuleExample("""
        class Plain:
            def on_get(self, req, resp):
                resp.content_type = "text/html"
                resp.text = "<p>" + req.get_param("q") + "</p>"
        """),
        // Bottle: a string returned from a route is HTML; `bottle.request` fields, FormsDict
        // attributes, URL wildcards (also `:name` and routes registered with a callback).
        RuleExample("""
        from bottle import Bottle, HTTPResponse, get, request, route

        app = Bottle()

        @app.route("/hello/<name>")
        def hello(name):
            return "<h1>Hello " + name + "</h1>"  # error: TL-WEB-REFLECTED-XSS

        @route("/legacy/:who")
        def legacy(who):
            return "<b>%s</b>" % who  # error: TL-WEB-REFLECTED-XSS

        @get("/search")
        def search():
            return "<p>" + request.query.q + "</p>"  # error: TL-WEB-REFLECTED-XSS

        @app.route("/comment", method="POST")
        def comment():
            if request.forms.getunicode("preview"):
                return "<p>" + request.forms.getunicode("text") + "</p>"  # error: TL-WEB-REFLECTED-XSS
            if request.json:
                return "<p>" + request.json["text"] + "</p>"  # error: TL-WEB-REFLECTED-XSS
            return HTTPResponse("<p>" + request.params.get("text") + "</p>", status=400)  # error: TL-WEB-REFLECTED-XSS

        @app.get("/me")
        def me():
            return "<p>" + request.get_cookie("name") + request.get_header("X-User") + "</p>"  # error: TL-WEB-REFLECTED-XSS

        @app.post("/upload")
        def upload():
            doc = request.files.get("doc")
            return "<p>Stored " + doc.raw_filename + "</p>"  # error: TL-WEB-REFLECTED-XSS

        def tag(name):
            return "<i>" + name + "</i>"  # error: TL-WEB-REFLECTED-XSS

        app.route("/tags/<name>", "GET", tag)
        """),
        RuleExample("""
        import html
        from bottle import Bottle, request, response, template

        app = Bottle()

        @app.get("/items/<item_id:int>")
        def item(item_id):
            return "<h1>Item " + str(item_id) + "</h1>"

        @app.get("/hello")
        def hello():
            return template("hello", name=request.query.name)

        @app.get("/plain")
        def plain():
            response.content_type = "text/plain; charset=utf-8"
            return request.query.text

        @app.get("/api")
        def api():
            return {"q": request.query.q}

        @app.get("/escaped")
        def escaped():
            return "<p>" + html.escape(request.query.q) + "</p>"

        @app.get("/account")
        def account():
            return "<p>" + request.get_cookie("account", secret="s3cret") + "</p>"

        @app.post("/upload")
        def upload():
            doc = request.files.get("doc")
            return "<p>Stored " + doc.filename + "</p>"
        """),
        // Pyramid: the `request` parameter of a view (also `(context, request)` and a view
        // class's `self.request`); WebOb's `Response` is `text/html` unless told otherwise.
        RuleExample("""
        from pyramid.response import Response
        from pyramid.view import view_config

        @view_config(route_name="item")
        def item(request):
            return Response("<h1>" + request.matchdict["name"] + "</h1>")  # error: TL-WEB-REFLECTED-XSS

        @view_config(route_name="search")
        def search(context, request):
            return Response(text="<p>" + request.params.get("q", "") + request.GET["page"] + "</p>")  # error: TL-WEB-REFLECTED-XSS

        @view_config(route_name="echo", request_method="POST")
        def echo(request):
            return Response(body=request.body)  # error: TL-WEB-REFLECTED-XSS

        class Profile:
            def __init__(self, request):
                self.request = request

            @view_config(route_name="profile")
            def show(self):
                response = self.request.response
                response.text = "<p>" + self.request.POST["bio"] + self.request.cookies["nick"] + "</p>"  # error: TL-WEB-REFLECTED-XSS
                return response

            @view_config(route_name="doc", request_method="POST")
            def doc(self):
                return Response("<p>" + self.request.json_body["title"] + self.request.headers["X-Tag"] + "</p>")  # error: TL-WEB-REFLECTED-XSS
        """),
        RuleExample("""
        import html
        from pyramid.response import Response
        from pyramid.view import view_config

        @view_config(route_name="item", renderer="json")
        def item(request):
            return {"name": request.matchdict["name"]}

        @view_config(route_name="page", renderer="templates/page.jinja2")
        def page(request):
            return {"q": request.params.get("q", "")}

        @view_config(route_name="number")
        def number(request):
            # config.add_route("number", r"/numbers/{n:\\d+}"): digits only.
            return Response("<h1>" + request.matchdict["n"] + "</h1>")

        @view_config(route_name="plain")
        def plain(request):
            return Response(request.params["q"], content_type="text/plain")

        @view_config(route_name="escaped")
        def escaped(request):
            response = request.response
            response.text = "<p>" + html.escape(request.params["q"]) + "</p>"
            return response

        def includeme(config):
            config.add_route("number", r"/numbers/{n:\\d+}")
        """),
        // Tornado handlers, aiohttp and Sanic routes (registered by decorator or by the route table).
        RuleExample("""
        import tornado.web


        class SearchHandler(tornado.web.RequestHandler):
            def get(self):
                q = self.get_argument("q", "")
                self.write("<h1>Results for " + q + "</h1>")  # error: TL-WEB-REFLECTED-XSS
                tags = ", ".join(self.get_arguments("tag"))
                self.write(f"<p>{tags}</p>")  # error: TL-WEB-REFLECTED-XSS
                self.write("<ul>%s</ul>" % "".join(self.get_query_arguments("item")))  # error: TL-WEB-REFLECTED-XSS
                self.write(b"<p>" + self.request.arguments["page"][0] + b"</p>")  # error: TL-WEB-REFLECTED-XSS
                self.finish("<p>Theme: " + self.get_cookie("theme", "light") + "</p>")  # error: TL-WEB-REFLECTED-XSS

            def post(self):
                self.write("<p>" + self.get_body_argument("comment") + "</p>")  # error: TL-WEB-REFLECTED-XSS
                self.write("<p>" + " ".join(self.get_body_arguments("line")) + "</p>")  # error: TL-WEB-REFLECTED-XSS
                upload = self.request.files["doc"][0]
                self.write("<pre>" + upload["body"].decode() + "</pre>")  # error: TL-WEB-REFLECTED-XSS


        class BaseHandler(tornado.web.RequestHandler):
            def visitor(self):
                return self.get_argument("visitor", "guest")


        class PageHandler(BaseHandler):
            def get(self, slug):
                self.write("<h1>" + slug + "</h1>")  # error: TL-WEB-REFLECTED-XSS
                self.write("<p>Hi " + self.visitor() + "</p>")  # error: TL-WEB-REFLECTED-XSS

            def put(self, slug):
                self.write("<p>moved to " + self.request.path + "</p>")  # error: TL-WEB-REFLECTED-XSS


        class NamedHandler(tornado.web.RequestHandler):
            def get(self, name):
                self.write("<b>%s</b>" % self.path_kwargs["name"])  # error: TL-WEB-REFLECTED-XSS


        def make_app():
            return tornado.web.Application([
                (r"/search", SearchHandler),
                (r"/pages/([^/]+)", PageHandler),
                tornado.web.url(r"/named/(?P<name>[a-z]+)", NamedHandler),
            ])
        """),
        RuleExample("""
        import json
        import tornado.web
        from tornado.escape import xhtml_escape


        class SearchHandler(tornado.web.RequestHandler):
            def get(self):
                q = self.get_argument("q", "")
                self.write("<h1>Results for " + xhtml_escape(q) + "</h1>")
                self.write({"q": q})
                self.render("search.html", q=q)
                self.write("<p>%d results</p>" % int(self.get_argument("n", "0")))
                self.write("<p>" + (self.get_signed_cookie("theme") or b"").decode() + "</p>")
                self.write("<p>" + (self.get_secure_cookie("user") or b"").decode() + "</p>")

            def post(self):
                self.set_header("Content-Type", "text/plain; charset=UTF-8")
                self.write(self.get_body_argument("comment"))


        class PostHandler(tornado.web.RequestHandler):
            def get(self, post_id):
                self.write("<h1>Post " + post_id + "</h1>")


        class Report:
            def get_argument(self, name):
                return name

            def write(self, text):
                return text

            def get(self, name):
                self.write("<p>" + self.get_argument(name) + "</p>")


        def make_app():
            return tornado.web.Application([(r"/search", SearchHandler), (r"/posts/(\\d+)", PostHandler)])
        """),
        RuleExample("""
        from aiohttp import web

        routes = web.RouteTableDef()


        @routes.get("/hello/{name}")
        async def hello(request):
            name = request.match_info["name"]
            return web.Response(text="<h1>Hello " + name + "</h1>", content_type="text/html")  # error: TL-WEB-REFLECTED-XSS


        @routes.post("/comment")
        async def comment(req):
            form = await req.post()
            return web.Response(text="<p>" + form["text"] + "</p>", content_type="text/html")  # error: TL-WEB-REFLECTED-XSS


        async def search(request):
            q = request.query.get("q", "")
            body = f"<h1>{q}</h1><p>{request.path}</p>"
            return web.Response(text=body, content_type="text/html")  # error: TL-WEB-REFLECTED-XSS


        async def raw(request: web.BaseRequest):
            data = await request.read()
            return web.Response(body=b"<pre>" + data + b"</pre>", content_type="text/html")  # error: TL-WEB-REFLECTED-XSS


        async def profile(request):
            doc = await request.json()
            return web.Response(text="<h2>" + doc["name"] + "</h2>", content_type="text/html")  # error: TL-WEB-REFLECTED-XSS


        class ThingView(web.View):
            async def get(self):
                label = self.request.headers.get("X-Label", "")
                return web.Response(text=f"<b>{label}</b>", content_type="text/html")  # error: TL-WEB-REFLECTED-XSS


        def setup(app):
            app.router.add_get("/search", search)
            app.add_routes([web.post("/raw", raw), web.put("/profile", profile), web.view("/things", ThingView)])
            app.add_routes(routes)
        """),
        RuleExample("""
        import html

        import aiohttp_jinja2
        from aiohttp import web

        routes = web.RouteTableDef()


        @routes.get("/hello/{name}")
        async def hello(request):
            name = request.match_info["name"]
            web.Response(text="<h1>Hello " + html.escape(name) + "</h1>", content_type="text/html")
            web.Response(text="Hello " + name)
            web.Response(body=name.encode(), content_type="application/octet-stream")
            return web.json_response({"name": name})


        @routes.get("/page")
        @aiohttp_jinja2.template("page.html")
        async def page(request):
            return {"name": request.query.get("name", "")}


        @routes.get("/render")
        async def render(request):
            return aiohttp_jinja2.render_template("page.html", request, {"name": request.query.get("name", "")})


        def setup(app):
            aiohttp_jinja2.setup(app, loader=None)
            app.add_routes(routes)


        def unrouted(request):
            return web.Response(text="<p>" + request.query["q"] + "</p>", content_type="text/html")
        """),
        RuleExample("""
        def echo(request):
            return request.query["q"]


        class Handler:
            def get(self):
                self.write("<p>" + self.get_argument("q") + "</p>")
        """),
        RuleExample("""
        from sanic import Blueprint, Sanic, response
        from sanic.response import html, text

        app = Sanic("shop")
        bp = Blueprint("users", url_prefix="/users")


        @app.get("/hello/<name>")
        async def hello(request, name):
            return html("<h1>Hello " + name + "</h1>")  # error: TL-WEB-REFLECTED-XSS


        @app.route("/search")
        async def search(request):
            q = request.args.get("q", "")
            return response.html(f"<h1>{q}</h1><p>{request.query_string}</p>")  # error: TL-WEB-REFLECTED-XSS


        @bp.post("/comment")
        async def comment(req):
            return html("<p>" + req.form.get("text", "") + "</p>")  # error: TL-WEB-REFLECTED-XSS


        @bp.put("/profile")
        async def profile(request):
            return text("<h2>" + request.json["name"] + "</h2>", content_type="text/html")  # error: TL-WEB-REFLECTED-XSS


        async def added(request, slug):
            return html("<b>" + slug + "</b><i>" + request.headers.get("user-agent", "") + "</i>")  # error: TL-WEB-REFLECTED-XSS

        app.add_route(added, "/added/<slug>", methods=["GET"])
        app.blueprint(bp)
        """),
        RuleExample("""
        import html as escaping

        from sanic import Sanic, response
        from sanic.response import html, json, text

        app = Sanic("shop")


        @app.get("/item/<item_id:int>")
        async def item(request, item_id):
            return html(f"<p>Item {item_id}</p>")


        @app.get("/hello/<name>")
        async def hello(request, name):
            text("Hello " + name)
            json({"name": name})
            return html("<h1>Hello " + escaping.escape(name) + "</h1>")


        @app.get("/day/<day:ymd>/<key:uuid>")
        async def day(request, day, key):
            return response.html(f"<p>{day} {key}</p>")
        """),
    ], check: { check($0, $1) })

    /// WebOb responses also take the body as text: `Response(text=page)`.
    /// Response attributes that hold the body, by framework, and whether that body is HTML
    /// when the handler declares no type (Falcon's default type is JSON; WebOb's `text/html`).
    static let bodyAttributes: [RequestOrigin.Framework: (names: Set<String>, htmlByDefault: Bool)] = [
        .falcon: (["text", "body", "data"], false),
        .pyramid: (["text", "body", "unicode_body", "ubody"], true),
    ]
    /// Frameworks whose route functions send a returned string as `text/html`, unless the
    /// function declares another type (`response.content_type = "text/plain"`).
    static let htmlReturningRoutes: Set<RequestOrigin.Framework> = [.bottle]

    /// Responses that are HTML only when the call says so (`content_type="text/html"`): aiohttp's
    /// `web.Response(text=...)` is `text/plain` by default, Sanic's `text(...)` too, and their raw
    /// bodies `application/octet-stream`. The keywords (the first also by position) hold the body.
    static let declaredHTMLSinks: [String: [String]] = [
        "aiohttp.web.Response": ["text", "body"], "aiohttp.web_response.Response": ["text", "body"],
        "sanic.response.text": ["body"], "sanic.text": ["body"], "sanic.response.convenience.text": ["body"],
        "sanic.response.raw": ["body"], "sanic.raw": ["body"], "sanic.response.convenience.raw": ["body"],
        "sanic.response.HTTPResponse": ["body"], "sanic.HTTPResponse": ["body"], "sanic.response.types.HTTPResponse": ["body"],
    ]

    /// Handler methods that write the response body, HTML unless the handler sets another
    /// `Content-Type` (Tornado's `self.write(x)`/`self.finish(x)`; a dict is sent as JSON).
    static let handlerWrites: [RequestOrigin.Framework: Set<String>] = [.tornado: ["write", "finish"]]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        switch node {
        case .expression:
            return checkCall(node, context)
        case .statement(let stmt):
            if case .assign = context.tree[stmt].kind { return checkBodyAssignment(stmt, context) }
            return checkReturn(stmt, context)
        case .module:
            return []
        }
    }

    /// Response classes with no HTML default (Starlette's and FastAPI's plain `Response`, which
    /// sends no `Content-Type` unless told): a sink when their `media_type` says HTML.

    static func checkCall(_ node: Node, _ context: RuleContext) -> [Finding] {
        if let call = context.call(node), let found = checkHandlerWrite(call, context) { return found }
        if let call = context.call(node), let found = checkFrameworkWrite(call, context) ?? checkDeclaredHTML(call, context) { return found }
        // Response bodies are rows of `SinkCatalog.html`.
        guard let call = context.call(node), let match = context.sinks(call, .html).first else { return [] }
        let name = match.callee, body = match.argument
        // An explicit non-HTML type is not rendered as a page.
        for key in ["mimetype", "content_type", "media_type"] {
            if let type = call.keyword(key) {
                guard let text = context.string(type), text.lowercased().contains("html") else { return [] }
            }
        }
        // A `Content-Type` in the headers given (`make_response(body, 200, {"Content-Type": ...})`).
        if let type = declaredHeaderType(call, context), !type.lowercased().contains("html") { return [] }
        guard let origin = Taint.isRequestDerived(body, context, kind: .html, stop: { isEscaped($0, context) }) else { return [] }
        let sink = String(name.split(separator: ".").last ?? "")
        return [finding(at: call.id, sink: "`\(sink)(\(context.text(body, limit: 40)))`", origin: origin, context)]
    }

    /// The constant `Content-Type` of a header dict passed to a response call (positionally
    /// or as `headers=`), or nil.
    static func declaredHeaderType(_ call: CallInfo, _ context: RuleContext) -> String? {
        for dictionary in call.args.dropFirst() + [call.keyword("headers")].compactMap({ $0 }) {
            guard case .dict(let keys, let values) = context.tree[dictionary].kind else { continue }
            for (key, value) in zip(keys, values) {
                guard let key, context.string(key)?.lowercased() == "content-type" else { continue }
                return context.string(value)
            }
        }
        return nil
    }

    /// `self.wfile.write(body)` in a `BaseHTTPRequestHandler`: the response body, HTML unless
    /// the handler sends another `Content-Type`.
    static func checkHandlerWrite(_ call: CallInfo, _ context: RuleContext) -> [Finding]? {
        guard case .attribute(let stream, "write", _) = context.tree[call.function].kind,
              case .attribute(let handler, "wfile", _) = context.tree[stream].kind,
              Taint.requestObject(handler, context) == .httpServer, let body = call.args.first else { return nil }
        guard !declaresNonHTMLType(around: call.id, context),
              let origin = Taint.isRequestDerived(body, context, kind: .html, stop: { isEscaped($0, context) }) else { return [] }
        return [finding(at: call.id, sink: "`self.wfile.write(\(context.text(body, limit: 40)))`", origin: origin, context)]
    }

    /// Tornado's `self.write(body)` / `self.finish(body)` in a `RequestHandler`: text is sent
    /// as HTML unless the handler sets another `Content-Type`; a dict is sent as JSON.
    static func checkFrameworkWrite(_ call: CallInfo, _ context: RuleContext) -> [Finding]? {
        guard case .attribute(let handler, let method, _) = context.tree[call.function].kind,
              let framework = Taint.handlerObject(handler, context), handlerWrites[framework]?.contains(method) == true else { return nil }
        guard let body = call.argument(0, "chunk"), isText(body, context), !declaresNonHTMLType(around: call.id, context),
              let origin = Taint.isRequestDerived(body, context, kind: .html, stop: { isEscaped($0, context) }) else { return [] }
        return [finding(at: call.id, sink: "`self.\(method)(\(context.text(body, limit: 40)))`", origin: origin, context)]
    }

    /// aiohttp's `web.Response(text=x, content_type="text/html")`, Sanic's `text(x, content_type="text/html")`.
    static func checkDeclaredHTML(_ call: CallInfo, _ context: RuleContext) -> [Finding]? {
        guard let name = call.name, let keywords = declaredHTMLSinks[name] else { return nil }
        guard let type = call.keyword("content_type"), let text = context.string(type), text.lowercased().contains("html"),
              let body = call.argument(0, keywords[0]) ?? keywords.dropFirst().lazy.compactMap({ call.keyword($0) }).first,
              let origin = Taint.isRequestDerived(body, context, kind: .html, stop: { isEscaped($0, context) }) else { return [] }
        let sink = String(name.split(separator: ".").last ?? "")
        return [finding(at: call.id, sink: "`\(sink)(\(context.text(body, limit: 40)), content_type=\(context.text(type, limit: 20)))`", origin: origin, context)]
    }

    /// Does the function around `expr` declare a response type other than HTML: a handler's
    /// `self.send_header("Content-Type", "text/plain")`, or a WSGI app's
    /// `start_response(status, [("Content-Type", "application/json")])`?
    static func declaresNonHTMLType(around expr: ExprID, _ context: RuleContext) -> Bool {
        guard let scope = context.model.scope(of: expr), case .statement(let function) = context.model[context.model.enclosingDefinitionScope(scope)].node,
              let range = Optional(context.tree[function].range) else { return false }
        for index in context.tree.exprs.indices {
            let id = ExprID(Int32(index))
            let r = context.tree[id].range
            guard r.start >= range.start, r.end <= range.end, let call = context.call(id) else { continue }
            var types: [ExprID] = []
            // `self.send_header(...)` (http.server), `self.set_header(...)` (Tornado).
            if case .attribute(_, let setter, _) = context.tree[call.function].kind, setter == "send_header" || setter == "set_header", call.args.count == 2,
               context.string(call.args[0])?.lowercased() == "content-type" {
                types.append(call.args[1])
            }
            if context.tree.nameIdentifier(call.function) == "start_response", call.args.count >= 2,
               case .list(let headers, _) = context.tree[call.args[1]].kind {
                for header in headers {
                    if case .tuple(let pair, _) = context.tree[header].kind, pair.count == 2, context.string(pair[0])?.lowercased() == "content-type" {
                        types.append(pair[1])
                    }
                }
            }
            for type in types {
                if let text = context.string(type), !text.lowercased().contains("html") { return true }
            }
        }
        return false
    }

    static func checkReturn(_ stmt: StmtID, _ context: RuleContext) -> [Finding] {
        guard case .return(let value?) = context.tree[stmt].kind, let scope = context.model.scope(of: stmt),
              case .statement(let function) = context.model[scope].node else { return [] }
        // A WSGI app returns an iterable of body chunks: `return [page.encode()]`.
        if Taint.isWSGIApplication(function, context.tree) {
            guard !declaresNonHTMLType(around: value, context) else { return [] }
            var chunks = [value]
            if case .list(let elts, _) = context.tree[value].kind { chunks = elts }
            if case .tuple(let elts, _) = context.tree[value].kind { chunks = elts }
            for chunk in chunks {
                if let origin = Taint.isRequestDerived(chunk, context, kind: .html, stop: { isEscaped($0, context) }) {
                    return [finding(at: stmt, sink: "the WSGI application's response body `\(context.text(chunk, limit: 40))`", origin: origin, context)]
                }
            }
            return []
        }
        guard Taint.isFlaskView(function, context) || returnsHTMLResponse(function, context)
                || returnsHTMLPage(scope, value, context) else { return [] }
        var body = value
        if case .tuple(let elts, _) = context.tree[value].kind, let first = elts.first { body = first }
        guard isText(body, context) else { return [] }
        guard let origin = Taint.isRequestDerived(body, context, kind: .html, stop: { isEscaped($0, context) }) else { return [] }
        return [finding(at: stmt, sink: "the view's return value `\(context.text(body, limit: 40))`", origin: origin, context)]
    }

    /// `resp.text = page` (Falcon), `request.response.text = page` (Pyramid): the body of a
    /// response object, reported when the response is HTML (declared, or by the framework's default).
    static func checkBodyAssignment(_ stmt: StmtID, _ context: RuleContext) -> [Finding] {
        guard case .assign(let targets, let value, _) = context.tree[stmt].kind else { return [] }
        for target in targets {
            guard case .attribute(let owner, let attr, _) = context.tree[target].kind, let framework = FrameworkResponses.responseObject(owner, context),
                  let body = bodyAttributes[framework], body.names.contains(attr) else { continue }
            let declared = FrameworkResponses.declaredType(around: target, framework, context)
            guard declared == .html || (declared == nil && body.htmlByDefault),
                  let origin = Taint.isRequestDerived(value, context, kind: .html, stop: { isEscaped($0, context) }) else { continue }
            return [finding(at: stmt, sink: "the response body `\(context.text(target, limit: 30)) = \(context.text(value, limit: 40))`", origin: origin, context)]
        }
        return []
    }

    /// A route function of a framework that sends returned strings as HTML (Bottle), unless the
    /// function declares another content type.
    static func returnsHTMLPage(_ function: ScopeID, _ value: ExprID, _ context: RuleContext) -> Bool {
        guard let (framework, _) = Taint.routeFunction(function, context), htmlReturningRoutes.contains(framework) else { return false }
        let declared = FrameworkResponses.declaredType(around: value, framework, context)
        return declared == nil || declared == .html
    }

    /// A FastAPI route declared with `response_class=HTMLResponse`: a returned string is sent as HTML.
    static func returnsHTMLResponse(_ function: StmtID, _ context: RuleContext) -> Bool {
        guard case .fastapi? = Taint.RouteKind.of(function, context) else { return false }
        return context.model.decorators(of: function).contains { decorator in
            guard let call = decorator.call.flatMap({ context.call($0) }), let responseClass = call.keyword("response_class") else { return false }
            return (context.qualifiedName(responseClass) ?? context.text(responseClass)).hasSuffix("HTMLResponse")
        }
    }

    static func finding(at node: some FindingAnchor, sink: String, origin: RequestOrigin, _ context: RuleContext) -> Finding {
        node.finding(context, descriptor,
                     description: "\(sink) puts `\(origin.text(context))` (\(origin.requestField)) into an HTML response without escaping: a `<script>` in the request runs in the visitor's browser.",
                     remediation: "Render the page from a template (autoescaped) or escape the value with `markupsafe.escape(...)` / `html.escape(...)` before putting it into HTML; return `jsonify(...)` for data.",
                     fix: "f\"<p>Hello {escape(name)}</p>\"",
                     flow: origin, proofOfConcept: origin.proofOfConcept(payload: "<script>alert(document.domain)</script>", context))
    }

    /// A string value (not a dict or list, which Flask turns into JSON), followed through one local variable.
    static func isText(_ expr: ExprID, _ context: RuleContext) -> Bool {
        var value = expr
        if case .name = context.tree[expr].kind {
            let defs = context.model.reachingBindings(of: expr)
            guard defs.count == 1 else { return defs.count > 1 }
            if case .assignment(let bound?) = context.model[defs[0]].kind { value = bound } else { return true }
        }
        switch context.tree[value].kind {
        case .dict, .list, .set, .tuple, .listComp, .dictComp, .setComp, .generatorExp: return false
        default: return true
        }
    }

    /// `Markup("<b>%s</b>") % x` and `Markup("...").format(x)` escape their arguments.
    static func isEscaped(_ expr: ExprID, _ context: RuleContext) -> Bool {
        var receiver: ExprID?
        switch context.tree[expr].kind {
        case .binOp(let left, .mod, _): receiver = left
        case .call(let function, _, _):
            if case .attribute(let base, "format", _) = context.tree[function].kind { receiver = base }
        default: break
        }
        guard let receiver, let call = context.call(receiver), let name = call.name else { return false }
        return name.hasSuffix(".Markup")
    }
}

/// A node a finding can be anchored at (a call expression or a return statement).
protocol FindingAnchor {
    func finding(_ context: RuleContext, _ descriptor: RuleDescriptor, description: String, remediation: String, fix: String?,
                 flow: RequestOrigin?, proofOfConcept: String?) -> Finding
}

extension ExprID: FindingAnchor {
    func finding(_ context: RuleContext, _ descriptor: RuleDescriptor, description: String, remediation: String, fix: String?,
                 flow: RequestOrigin?, proofOfConcept: String?) -> Finding {
        context.finding(descriptor, at: self, description: description, remediation: remediation, fix: fix, flow: flow, proofOfConcept: proofOfConcept)
    }
}

extension StmtID: FindingAnchor {
    func finding(_ context: RuleContext, _ descriptor: RuleDescriptor, description: String, remediation: String, fix: String?,
                 flow: RequestOrigin?, proofOfConcept: String?) -> Finding {
        context.finding(descriptor, at: self, description: description, remediation: remediation, fix: fix, flow: flow, proofOfConcept: proofOfConcept)
    }
}
