import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// HTTP header injection: a response header whose value comes from the request.
enum HeaderInjection {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-HEADER-INJECTION", name: "header-injection", summary: "Response header set from request data",
        severity: .medium, confidence: .medium, owasp: .a03, cwe: 113,
        what: "Finds response headers whose value carries data from the HTTP request (read in the same function, or passed in by a caller anywhere in the project): `response.headers[\"X\"] = value`, Django `response[\"X\"] = value`, Tornado `self.set_header(\"X\", value)`/`self.add_header(...)`, and `headers.add(\"X\", value)` / `set` / `setdefault` / `add_header` on a response's `headers` (aiohttp and Sanic responses too) or a Werkzeug/Starlette `Headers` object, an http.server handler's `self.send_header(name, value)`, the `(name, value)` pairs a WSGI application passes to `start_response` Falcon's `resp.set_header`/`append_header` and `resp.content_type = value`, Bottle's `response.set_header`/`add_header` and `response.content_type = value` (not the headers of an outgoing `requests`/`httpx`/`aiohttp` client request). A `Location` header is TL-WEB-OPEN-REDIRECT's. Values passed through a function (`quote(x)`, `int(x)`, a lookup in an allow-list) are not reported. Headers that change how the browser treats the response (`Content-Type`, `Set-Cookie`, `Access-Control-*`, `Refresh`, `Link`, `Content-Security-Policy`) are medium severity, other headers low; where the framework rejects a line break in a header value (Werkzeug/Flask, Django, Tornado, aiohttp, Starlette, Bottle) other headers' values are not reported, since the value can carry nothing but its own text. A header *name* from the request (`response.headers[name] = ...`, `make_response(body, {name: v})`, `headers.extend({name: v})`, a setter's first argument) is always reported: the client picks the header, and frameworks do not check names for line breaks.",
        why: "Older servers and some WSGI stacks pass a CR/LF in the value through and the client can add headers or a whole body (response splitting). Current Werkzeug and Django reject newlines, but the value itself still lets the client choose the `Content-Type` (turning a JSON or text reply into HTML: XSS), plant a cookie (session fixation), or open CORS to any origin.",
        example: "response = Response()\nresponse.headers[\"Content-Type\"] = request.args[\"type\"]",
        useInstead: "ALLOWED = {\"json\": \"application/json\", \"csv\": \"text/csv\"}\nresponse.headers[\"Content-Type\"] = ALLOWED.get(request.args.get(\"type\"), \"application/json\")",
        references: ["https://owasp.org/www-community/attacks/HTTP_Response_Splitting",
                     "https://cwe.mitre.org/data/definitions/113.html"])

    static let rule = Rule(descriptor, on: [.assign, .call], examples: [
        RuleExample("""
        from flask import Flask, Response, request
        from werkzeug.datastructures import Headers
        app = Flask(__name__)

        @app.route("/a")
        def a():
            response = Response()
            response.headers["content-type"] = request.args.get("type")  # error: TL-WEB-HEADER-INJECTION
            return response

        @app.route("/b")
        def b():
            headers = Headers()
            headers.add("Content-Type", request.args["Content-Type"])  # error: TL-WEB-HEADER-INJECTION
            return Response(headers=headers)
        """),
        RuleExample("""
        from django.http import HttpResponse

        def index(request):
            value = request.GET.get("value")
            response = HttpResponse("")
            response["Set-Cookie"] = value  # error: TL-WEB-HEADER-INJECTION
            return response
        """),
        RuleExample("""
        from urllib.parse import quote
        import httpx
        import requests
        from flask import Flask, Response, request
        from django.http import HttpResponse
        app = Flask(__name__)
        TYPES = {"csv": "text/csv"}

        @app.route("/c")
        def c():
            response = Response()
            response.headers["Content-Type"] = TYPES.get(request.args.get("type"), "text/plain")
            response.headers["Content-Disposition"] = "attachment; filename=" + quote(request.args["name"])
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Location"] = request.args["next"]
            language = request.headers["Accept-Language"]
            cache = {}
            cache["Content-Type"] = request.args["type"]
            session = requests.Session()
            session.headers["Authorization"] = request.headers["X-Upstream-Token"]
            api = httpx.Client()
            api.headers["X-User"] = request.args["user"]
            return response

        def view(request):
            response = HttpResponse("")
            response["X-Count"] = int(request.GET["n"])
            return response
        """),
        // Falcon and Bottle set headers on the response object itself.
        RuleExample("""
        import falcon
        from bottle import get, request, response

        class Export:
            def on_get(self, req, resp):
                resp.set_header("Content-Type", req.get_param("type"))  # error: TL-WEB-HEADER-INJECTION
                resp.append_header("Link", req.get_header("X-Link"))  # error: TL-WEB-HEADER-INJECTION
                resp.content_type = req.params["format"]  # error: TL-WEB-HEADER-INJECTION

        @get("/export")
        def export():
            response.set_header("Access-Control-Allow-Origin", request.get_header("Origin"))  # error: TL-WEB-HEADER-INJECTION
            response.add_header("Set-Cookie", request.query.c)  # error: TL-WEB-HEADER-INJECTION
            response.content_type = request.query.type  # error: TL-WEB-HEADER-INJECTION
            return "ok"
        """),
        RuleExample("""
        import falcon
        from bottle import get, request, response
        TYPES = {"csv": "text/csv", "json": "application/json"}

        class Export:
            def on_get(self, req, resp):
                resp.set_header("Content-Type", TYPES.get(req.get_param("type"), "text/plain"))
                resp.content_type = falcon.MEDIA_JSON
                resp.set_header("X-Count", str(req.get_param_as_int("n")))

        @get("/export")
        def export():
            response.set_header("Content-Type", TYPES.get(request.query.type, "text/plain"))
            response.content_type = "text/csv"
            return "ok"
        """),
        // Tornado's self.set_header/add_header, aiohttp and Sanic response headers.
        RuleExample("""
        import tornado.web
        from aiohttp import web
        from sanic import Sanic
        from sanic.response import text

        app = Sanic("shop")


        class DownloadHandler(tornado.web.RequestHandler):
            def get(self):
                self.set_header("Content-Type", self.request.headers.get("X-Type", "text/plain"))  # error: TL-WEB-HEADER-INJECTION
                self.add_header("Set-Cookie", self.request.body_arguments["c"][0].decode())  # error: TL-WEB-HEADER-INJECTION


        async def export(request: web.Request):
            response = web.Response(text="data")
            response.headers["Content-Type"] = request.headers["Accept"]  # error: TL-WEB-HEADER-INJECTION
            return response


        @app.get("/export")
        async def sanic_export(request):
            response = text("data")
            response.headers["Access-Control-Allow-Origin"] = request.headers.get("origin")  # error: TL-WEB-HEADER-INJECTION
            return response
        """),
        RuleExample("""
        import aiohttp
        import tornado.web
        from aiohttp import web

        TYPES = {"csv": "text/csv", "json": "application/json"}


        class DownloadHandler(tornado.web.RequestHandler):
            def get(self):
                self.set_header("Content-Type", TYPES.get(self.get_argument("type", ""), "text/plain"))
                self.set_header("X-Frame-Options", "DENY")
                self.clear_header("Server")


        async def export(request: web.Request):
            response = web.Response(text="data")
            response.headers["Content-Type"] = TYPES.get(request.query.get("type"), "text/plain")
            async with aiohttp.ClientSession() as session:
                session.headers["X-Forwarded-For"] = request.headers["X-Real-IP"]
            return response
        """),
        // The standard library's servers: `send_header` of an http.server handler, the headers
        // of a WSGI application's `start_response`.
        RuleExample("""
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import parse_qs

        TYPES = {"csv": "text/csv", "json": "application/json"}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Language", self.headers.get("Accept-Language", "en"))  # error: TL-WEB-HEADER-INJECTION
                self.send_header("Content-Type", TYPES.get(self.headers.get("X-Format"), "text/plain"))
                self.end_headers()

        def application(environ, start_response):
            query = parse_qs(environ["QUERY_STRING"])
            start_response("200 OK", [("Content-Type", query["type"][0])])  # error: TL-WEB-HEADER-INJECTION
            return [b""]

        def download(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/csv"), ("Content-Disposition", "attachment; filename=report.csv")])
            return [b""]
        """),
        // Flask rejects CR/LF in values: an ordinary header's value is quiet; a name is not.
        RuleExample("""
        from flask import Flask, make_response, request
        from werkzeug.datastructures import Headers
        app = Flask(__name__)

        @app.route("/h")
        def h():
            name = request.args["h"]
            response = make_response("hello", {name: "1"})  # error: TL-WEB-HEADER-INJECTION
            response.headers[name] = "1"  # error: TL-WEB-HEADER-INJECTION
            response.headers.extend({name: "1"})  # error: TL-WEB-HEADER-INJECTION
            extra = {name: "1"}
            response.headers.extend(extra)  # error: TL-WEB-HEADER-INJECTION
            response.headers.extend([(name, "1")])  # error: TL-WEB-HEADER-INJECTION
            response.headers.extend([("X-Fixed", "1")])
            extra_headers = Headers()
            extra_headers["Content-Disposition"] = "attachment; filename=" + request.args["f"]
            for element in extra_headers:
                response.headers[element[0]] = "1"
            response.headers[name.replace("\\n", "")] = "1"
            response.headers["X-Request-Id"] = request.args["id"]
            response.headers["X-Frame-Options"] = "DENY"
            return response
        """),
    ], check: { check($0, $1) })

    /// Headers whose value changes how the browser treats the response.
    static let sensitive: Set<String> = ["content-type", "set-cookie", "access-control-allow-origin",
                                         "access-control-allow-credentials", "access-control-allow-headers",
                                         "refresh", "link", "content-security-policy"]

    /// A header whose name the request chooses: the client sets any header it likes
    /// (`Set-Cookie`, `Location`, `Content-Type`), and a line break in the name (which
    /// frameworks do not check as they check values) splits the response.
    static func nameFinding(_ write: HeaderWrite, _ name: ExprID, _ context: RuleContext) -> Finding? {
        guard let origin = Taint.isRequestDerived(name, context, kind: .header, stop: { removesLineBreaks($0, context) }) else { return nil }
        return context.finding(descriptor, at: write.anchor,
                               description: "A response header's name is `\(context.text(name, limit: 40))`, which carries `\(origin.text(context))` (\(origin.requestField)): the client chooses which header the response sets (`Set-Cookie`, `Location`, `Content-Type`), and a line break in it adds headers of its own.",
                               remediation: "Never take a header's name from the request: set fixed header names, and map the client's choice to one of them if it must choose.",
                               fix: "response.headers[\"X-Choice\"] = ALLOWED.get(value, DEFAULT)",
                               severity: .medium,
                               flow: origin, proofOfConcept: origin.proofOfConcept(payload: "Set-Cookie", context))
    }

    /// `name.replace("\n", "")` (or `"\r"`): the value can no longer end a header line.
    static func removesLineBreaks(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard case .call(let function, let args, _) = context.tree[expr].kind, case .attribute(_, "replace", _) = context.tree[function].kind,
              let removed = args.first.flatMap({ context.string($0) }) else { return false }
        return removed.contains("\n") || removed.contains("\r")
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        context.headerWrites(node).compactMap { write in
            if let nameExpr = write.nameExpr { return nameFinding(write, nameExpr, context) }
            // `Location` is a redirect: TL-WEB-OPEN-REDIRECT reports it.
            guard write.name != "location" else { return nil }
            let isSensitive = sensitive.contains(write.name)
            // Where the framework rejects CR/LF in values, an ordinary header's value can say
            // nothing but its own text: no second header, no split response.
            if write.rejectsLineBreaks && !isSensitive { return nil }
            guard let origin = Taint.isRequestDerived(write.value, context, kind: .header) else { return nil }
            return context.finding(descriptor, at: write.anchor,
                                   description: "The response header `\(write.name)` is set to `\(context.text(write.value, limit: 40))`, which carries `\(origin.text(context))` (\(origin.requestField)): the client chooses the header's value" + (isSensitive ? ", and with it how the browser treats the response." : "."),
                                   remediation: "Map the request value to one of a fixed set of header values (a dict lookup with a default), or validate it strictly (no CR/LF, expected characters only) before putting it in a header.",
                                   fix: "response.headers[\"\(write.name)\"] = ALLOWED.get(value, DEFAULT)",
                                   severity: isSensitive ? .medium : .low,
                                   flow: origin, proofOfConcept: origin.proofOfConcept(payload: write.name == "content-type" ? "text/html" : "x\\r\\nSet-Cookie: session=attacker", context))
        }
    }
}
