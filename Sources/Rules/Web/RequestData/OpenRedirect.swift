import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Open redirect: a redirect whose target comes from the request without a host check.
enum OpenRedirect {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-OPEN-REDIRECT", name: "open-redirect", summary: "Redirect to a URL taken from the request",
        severity: .medium, confidence: .high, owasp: .a01, cwe: 601,
        what: "Finds `redirect(x)` (Flask, Quart, Werkzeug, Django), `HttpResponseRedirect(x)`, `HttpResponsePermanentRedirect(x)`, Starlette/FastAPI `RedirectResponse(x)`, Tornado `self.redirect(x)`, aiohttp `web.HTTPFound(x)`/`HTTPSeeOther`/`HTTPMovedPermanently`/`HTTPTemporaryRedirect`/`HTTPPermanentRedirect` (raised or returned), Sanic `redirect(x)`, Bottle `redirect(x)`, Falcon `raise falcon.HTTPFound(x)` (`HTTPSeeOther`, `HTTPMovedPermanently`, `HTTPTemporaryRedirect`, `HTTPPermanentRedirect`), Pyramid `HTTPFound(location=x)` (`HTTPSeeOther`, ...; raised or returned), and a `Location` header set by hand (`response.headers[\"Location\"] = x`, Django `response[\"Location\"] = x`, Tornado `self.set_header(\"Location\", x)`, Falcon `resp.location = x` / `resp.set_header(\"Location\", x)`, an http.server handler's `self.send_header(\"Location\", x)`, a WSGI application's `start_response(status, [(\"Location\", x)])`) where `x` carries data from the HTTP request (read in the same function, or passed in by a caller anywhere in the project) (followed through local variables and string building). It stays quiet when the target is checked: `url_has_allowed_host_and_scheme(x, ...)`, `is_safe_url(x)` or another `*safe*`/`*allowed*`/`*valid*` check of the same variable in an `if` before the redirect or in a conditional expression, a comparison of `urlparse(x).netloc`, or a constant prefix that fixes the host or the first path segment (`\"/account/\" + x`, `f\"https://example.com/{x}\"`).",
        why: "A link to your own site that sends the user to an attacker's page (`/login?next=https://evil.example`) is a convincing phishing lure, and leaks tokens put in the URL. A prefix of just `/` does not help: `//evil.example` is a protocol-relative URL to another host.",
        example: "target = request.args.get(\"next\", \"/\")\nreturn redirect(target)",
        useInstead: "from django.utils.http import url_has_allowed_host_and_scheme\ntarget = request.args.get(\"next\", \"/\")\nif not url_has_allowed_host_and_scheme(target, allowed_hosts={request.host}):\n    target = url_for(\"index\")\nreturn redirect(target)",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html"])

    static let rule = Rule(descriptor, on: [.call, .assign], examples: [
        RuleExample("""
        from flask import Flask, Response, redirect, request, session
        app = Flask(__name__)

        @app.route("/login", methods=["POST"])
        def login():
            target = request.args.get("next", "/")
            return redirect(target)  # error: TL-WEB-OPEN-REDIRECT

        @app.route("/go")
        def go():
            return redirect("/" + request.args["to"])  # error: TL-WEB-OPEN-REDIRECT

        @app.route("/out/<path:url>")
        def out(url):
            return redirect(url.strip())  # error: TL-WEB-OPEN-REDIRECT

        @app.route("/legacy")
        def legacy(request):
            return redirect(request.args.get("target"))  # error: TL-WEB-OPEN-REDIRECT

        @app.route("/header")
        def header():
            response = Response("redirecting...", 302)
            response.headers["Location"] = request.args["next"]  # error: TL-WEB-OPEN-REDIRECT
            return response
        """),
        RuleExample("""
        from django.shortcuts import redirect
        from django.http import HttpResponse, HttpResponseRedirect, HttpResponsePermanentRedirect

        def by_header(request):
            response = HttpResponse(status=302)
            response["Location"] = request.GET.get("next", "/")  # error: TL-WEB-OPEN-REDIRECT
            return response

        def after_login(request):
            return HttpResponseRedirect(request.GET.get("next"))  # error: TL-WEB-OPEN-REDIRECT

        def moved(request):
            dest = request.POST["dest"]
            return HttpResponsePermanentRedirect(dest)  # error: TL-WEB-OPEN-REDIRECT

        class Back:
            def get(self, request):
                return redirect(request.META["HTTP_REFERER"])  # error: TL-WEB-OPEN-REDIRECT
        """),
        // Back to the page itself: its absolute URL has the host the browser used. Its bare path
        // does not: `//evil.example/` is a path.
        RuleExample("""
        from flask import Flask, redirect, request
        app = Flask(__name__)

        @app.route("/form", methods=["GET", "POST"])
        def form():
            if request.method == "POST":
                return redirect(request.url)
            return redirect(request.full_path)  # error: TL-WEB-OPEN-REDIRECT
        """),
        RuleExample("""
        from fastapi import FastAPI, Request
        from fastapi.responses import RedirectResponse
        app = FastAPI()

        @app.get("/continue")
        async def cont(next_url: str):
            return RedirectResponse(next_url)  # error: TL-WEB-OPEN-REDIRECT

        async def referer(request: Request):
            return RedirectResponse(url=request.headers["referer"])  # error: TL-WEB-OPEN-REDIRECT
        """),
        RuleExample("""
        from urllib.parse import urlparse
        from flask import Flask, redirect, request, url_for
        from django.utils.http import url_has_allowed_host_and_scheme
        app = Flask(__name__)

        def is_safe_target(target):
            parts = urlparse(target)
            return not parts.netloc and target.startswith("/")

        @app.route("/a")
        def a():
            target = request.args.get("next", "/")
            return redirect(target if is_safe_target(target) else url_for("index"))

        @app.route("/b")
        def b():
            target = request.args.get("next", "/")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.host}):
                target = "/"
            return redirect(target)

        @app.route("/c")
        def c():
            page = request.args.get("page")
            redirect("/account/" + page)
            redirect(f"https://shop.example/{page}")
            redirect(url_for("item", id=page))
            redirect("/items/%d" % int(page))
            if urlparse(page).netloc == "":
                return redirect(page)
            target = url_for("index")
            query = request.query_string.decode()
            if query:
                target += "?" + query
            redirect(f"{url_for('items')}&{query}")
            return redirect(target)

        def helper(target):
            return redirect(target)
        """),
        RuleExample("""
        from flask import request

        def redirect(url):
            return url

        def view():
            return redirect(request.args["next"])
        """),
        RuleExample("""
        from flask import Flask, Response, redirect, request
        app = Flask(__name__)

        def forward(request):
            return redirect(request.args["next"])

        @app.route("/d")
        def d():
            response = Response(status=302)
            response.headers["Location"] = "/items/" + request.args["id"]
            response.headers["X-Next"] = request.args["next"]
            return response
        """),
        // The standard library's servers: an http.server handler's `send_header("Location", x)`
        // and the headers a WSGI application passes to `start_response`.
        RuleExample("""
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import parse_qs, urlparse

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                target = parse_qs(urlparse(self.path).query)["next"][0]
                self.send_response(302)
                self.send_header("Location", target)  # error: TL-WEB-OPEN-REDIRECT
                self.end_headers()

        def application(environ, start_response):
            query = parse_qs(environ["QUERY_STRING"])
            start_response("302 Found", [("Location", query["next"][0])])  # error: TL-WEB-OPEN-REDIRECT
            return [b""]

        def moved(environ, start_response):
            headers = [("Content-Type", "text/plain")]
            headers.append(("Location", parse_qs(environ["QUERY_STRING"])["to"][0]))
            start_response("301 Moved Permanently", headers)  # error: TL-WEB-OPEN-REDIRECT
            return [b""]
        """),
        RuleExample("""
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import parse_qs, urlparse

        def is_safe_target(target):
            return target.startswith("/") and not target.startswith("//") and "\\\\" not in target

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                target = parse_qs(urlparse(self.path).query)["next"][0]
                self.send_response(302)
                self.send_header("Location", "/account/" + target)
                self.end_headers()

        class Mailer:
            def relay(self, target):
                self.send_header("Location", target)

        def application(environ, start_response):
            target = parse_qs(environ["QUERY_STRING"]).get("next", ["/"])[0]
            if not is_safe_target(target):
                target = "/"
            start_response("302 Found", [("Location", target)])
            return [b""]

        def helper(start, target):
            start("302 Found", [("Location", target)])
        """),
        // Helpers that hand back the target: followed, unless they check it before returning it.
        RuleExample("""
        from django.shortcuts import redirect
        from django.utils.http import url_has_allowed_host_and_scheme

        def next_url(request):
            return request.POST.get("next") or request.GET.get("next")

        def valid_next_url(request):
            target = request.POST.get("next") or request.GET.get("next")
            if not target or not url_has_allowed_host_and_scheme(url=target, allowed_hosts={request.get_host()}):
                return ""
            return target

        def safe_referrer(request, default):
            referrer = request.META.get("HTTP_REFERER")
            if referrer and url_has_allowed_host_and_scheme(referrer, request.get_host()):
                return referrer
            return default

        def unchecked(request):
            return redirect(next_url(request))  # error: TL-WEB-OPEN-REDIRECT

        def checked(request):
            return redirect(valid_next_url(request) or "/")

        def referred(request):
            return redirect(safe_referrer(request, "/"))
        """),
        // Falcon raises its redirects; Bottle's `redirect` raises too; Pyramid's are raised or returned.
        RuleExample("""
        import falcon
        from falcon import HTTPSeeOther

        class Login:
            def on_post(self, req, resp):
                raise falcon.HTTPFound(req.get_param("next"))  # error: TL-WEB-OPEN-REDIRECT

            def on_get(self, req, resp):
                target = req.params.get("to", "/")
                if req.get_param("permanent"):
                    raise falcon.HTTPMovedPermanently(location=target)  # error: TL-WEB-OPEN-REDIRECT
                raise HTTPSeeOther(target)  # error: TL-WEB-OPEN-REDIRECT

            def on_put(self, req, resp):
                resp.status = falcon.HTTP_302
                resp.location = req.get_header("Referer")  # error: TL-WEB-OPEN-REDIRECT

            def on_delete(self, req, resp):
                resp.set_header("Location", req.get_param("back"))  # error: TL-WEB-OPEN-REDIRECT
                raise falcon.HTTPTemporaryRedirect(req.relative_uri)  # error: TL-WEB-OPEN-REDIRECT
        """),
        RuleExample("""
        from bottle import post, redirect, request
        from pyramid.httpexceptions import HTTPFound, HTTPSeeOther

        @post("/login")
        def login():
            redirect(request.forms.get("next", "/"))  # error: TL-WEB-OPEN-REDIRECT

        def after(request):
            return HTTPFound(location=request.params["came_from"])  # error: TL-WEB-OPEN-REDIRECT

        def back(context, request):
            raise HTTPSeeOther(request.referer)  # error: TL-WEB-OPEN-REDIRECT
        """),
        RuleExample("""
        import falcon
        from urllib.parse import urlparse
        from bottle import get, redirect, request
        from pyramid.httpexceptions import HTTPFound

        class Login:
            def on_post(self, req, resp):
                target = req.get_param("next") or "/"
                if urlparse(target).netloc:
                    target = "/"
                raise falcon.HTTPFound(target)

            def on_get(self, req, resp):
                raise falcon.HTTPSeeOther("/items/" + req.get_param("id"))

        @get("/go")
        def go():
            redirect("/account/" + request.query.page)

        def after(request):
            return HTTPFound(location=request.route_url("home", _query={"q": request.params["q"]}))
        """),
        // Tornado's self.redirect and Location header, aiohttp's redirect exceptions (raised or returned), Sanic's redirect.
        RuleExample("""
        import tornado.web
        from aiohttp import web


        class LoginHandler(tornado.web.RequestHandler):
            def get(self):
                self.redirect(self.get_query_argument("next", "/"))  # error: TL-WEB-OPEN-REDIRECT

            def post(self):
                self.set_header("Location", self.request.query)  # error: TL-WEB-OPEN-REDIRECT
                self.set_status(302)

            def put(self):
                self.redirect(self.request.uri.split("?to=")[-1], permanent=True)  # error: TL-WEB-OPEN-REDIRECT


        async def go(request):
            raise web.HTTPFound(request.query["next"])  # error: TL-WEB-OPEN-REDIRECT


        async def back(request: web.Request):
            return web.HTTPSeeOther(location=request.cookies["back"])  # error: TL-WEB-OPEN-REDIRECT


        async def moved(request: web.Request):
            target = str(request.url.query.get("to")) + request.path_qs
            raise web.HTTPMovedPermanently(target)  # error: TL-WEB-OPEN-REDIRECT


        async def forward(request: web.Request):
            raise web.HTTPTemporaryRedirect(request.rel_url.query["to"])  # error: TL-WEB-OPEN-REDIRECT


        def setup(app):
            app.router.add_get("/go", go)
        """),
        RuleExample("""
        from sanic import Sanic
        from sanic.response import redirect

        app = Sanic("shop")


        @app.post("/login")
        async def login(request):
            return redirect(request.form.get("next", "/"))  # error: TL-WEB-OPEN-REDIRECT


        @app.get("/out/<url:path>")
        async def out(request, url):
            return redirect(url)  # error: TL-WEB-OPEN-REDIRECT
        """),
        RuleExample("""
        from urllib.parse import urlparse

        import tornado.web
        from aiohttp import web
        from sanic import Sanic
        from sanic.response import redirect

        app = Sanic("shop")


        class LoginHandler(tornado.web.RequestHandler):
            def get(self):
                target = self.get_query_argument("next", "/")
                if urlparse(target).netloc:
                    target = "/"
                self.redirect(target)

            def post(self):
                self.redirect(self.reverse_url("home"))
                self.redirect("/account/" + self.get_body_argument("tab"))
                self.set_header("Location", "/done")


        async def go(request):
            target = request.query.get("next", "/")
            if not is_safe_url(target):
                raise web.HTTPFound("/")
            raise web.HTTPFound(target)


        def is_safe_url(target):
            return not urlparse(target).netloc


        @app.get("/item/<item_id:int>")
        async def item(request, item_id):
            return redirect(f"/items/{item_id}")


        @app.get("/login")
        async def login(request):
            return redirect(app.url_for("index", next=request.args.get("next")))


        def setup(router):
            router.add_get("/go", go)
        """),
        // A check whose result is kept in a local, and a target limited to constants.
        RuleExample("""
        from django.http import HttpResponseRedirect
        from django.utils.http import url_has_allowed_host_and_scheme

        def done(request):
            nxt = request.GET.get("next", "/")
            ok = url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()})
            if ok:
                return HttpResponseRedirect(nxt)
            back = request.GET.get("back", "/")
            if back == "/home" or back == "/help":
                return HttpResponseRedirect(back)
            if back != "/account":
                return HttpResponseRedirect(back)  # error: TL-WEB-OPEN-REDIRECT
            return HttpResponseRedirect("/")

        def same_page(request):
            if request.method == "POST":
                return HttpResponseRedirect(request.get_full_path())
            return HttpResponseRedirect(request.path.replace("/old/", "/new/"))

        def success_url(request):
            target = request.POST.get("next", "")
            url_is_safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
            return HttpResponseRedirect(target if url_is_safe else "/")
        """),
        // A fixed host first, the request's part added to the local later.
        RuleExample("""
        from flask import Flask, redirect, request
        app = Flask(__name__)

        @app.route("/ok")
        def ok():
            safe = "https://safe.example/"
            safe += request.args.get("target", "")
            return redirect(safe)

        @app.route("/not-ok")
        def not_ok():
            url = "https://"
            url += request.args.get("target", "")
            return redirect(url)  # error: TL-WEB-OPEN-REDIRECT
        """),
        // A test of the target's host guards only in its safe direction: the redirect must run
        // where the host is empty.
        RuleExample("""
        from urllib.parse import urlparse
        from flask import Flask, abort, redirect, request
        app = Flask(__name__)

        @app.route("/a")
        def a():
            target = request.args.get("next", "/")
            if urlparse(target).netloc:
                abort(400)
            return redirect(target)

        @app.route("/c")
        def c():
            target = request.args.get("next", "/")
            if not urlparse(target).netloc:
                return redirect(target)
            return redirect("/")

        @app.route("/d")
        def d():
            target = request.args.get("next", "/")
            if urlparse(target).netloc == "":
                return redirect("/")
            return redirect(target)  # error: TL-WEB-OPEN-REDIRECT

        @app.route("/e")
        def e():
            target = request.args.get("next", "/")
            if urlparse(target).netloc:
                return redirect(target)  # error: TL-WEB-OPEN-REDIRECT
            return redirect("/")
        """),
        // A project helper that returns the URL only after testing its host (in the safe
        // direction, alone or in an `and`/`or`) clears it through its summary; one that tests
        // the wrong way does not.
        RuleExample("""
        from urllib.parse import urlparse
        from flask import Flask, redirect, request
        app = Flask(__name__)

        def local_only(url, fallback="/"):
            if urlparse(url).netloc:
                return fallback
            return url

        def remote_only(url, fallback="/"):
            if not urlparse(url).netloc:
                return fallback
            return url

        def same_host(url, default="/"):
            parsed = urlparse(url)
            base = urlparse(request.host_url)
            if parsed.netloc and parsed.netloc != base.netloc:
                return default
            return url

        def on_our_domain(url):
            parsed = urlparse(url)
            if parsed.scheme in ("http", "https") and parsed.netloc.endswith(".example.com"):
                return url
            return "/"

        @app.route("/a")
        def a():
            return redirect(local_only(request.args.get("next", "/")))

        @app.route("/b")
        def b():
            return redirect(remote_only(request.args.get("next", "/")))  # error: TL-WEB-OPEN-REDIRECT

        @app.route("/c")
        def c():
            return redirect(same_host(request.args.get("next", "/")))

        @app.route("/d")
        def d():
            return redirect(on_our_domain(request.args.get("next", "/")))

        @app.route("/f")
        def f():
            target = request.args.get("next", "/")
            return redirect(target if urlparse(target).netloc == "" else "/")

        @app.route("/g")
        def g():
            target = request.args.get("next", "/")
            return redirect(target if urlparse(target).netloc else "/")  # error: TL-WEB-OPEN-REDIRECT

        @app.route("/e")
        def e():
            # Cleared for redirects only: the same helper's result is still a path.
            return open(local_only(request.args.get("name", "x")))  # error: TL-WEB-PATH-TRAVERSAL
        """),
    ], check: { check($0, $1) })

    /// Handler methods that redirect (Tornado's `self.redirect(url)`), with the URL's keyword.
    static let handlerRedirects: [RequestOrigin.Framework: [String: String]] = [.tornado: ["redirect": "url"]]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        let headers = context.headerWrites(node).filter { $0.name == "location" }
        if !headers.isEmpty { return headers.compactMap { locationHeader($0, context) } }
        guard let call = context.call(node) else { return [] }
        var sinkCall = context.sinks(call, .redirect).first.map { ($0.callee, $0.argument) }
        if sinkCall == nil, case .attribute(let handler, let method, _) = context.tree[call.function].kind,
           let framework = Taint.handlerObject(handler, context), let keyword = handlerRedirects[framework]?[method],
           let target = call.argument(0, keyword) {
            sinkCall = ("self." + method, target)
        }
        guard let (name, target) = sinkCall else { return [] }
        guard let origin = Taint.isRequestDerived(target, context, kind: .redirect, stop: { isSanitized($0, context) }) else { return [] }
        if isGuarded(target, context) { return [] }
        let sink = String(name.split(separator: ".").last ?? "redirect")
        return [context.finding(descriptor, at: call.id,
                                description: "`\(sink)(\(context.text(target, limit: 40)))` sends the user to `\(origin.text(context))` (\(origin.requestField)) without checking the host: a link to this site can forward to any other site.",
                                remediation: "Accept only local paths or allowed hosts: check the target with `url_has_allowed_host_and_scheme(target, allowed_hosts={request.host})` (Django) or compare `urlparse(target).netloc` against your host, and fall back to a fixed page; better, redirect to a route name with `url_for(...)`.",
                                fix: "if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.host}):\n    target = url_for(\"index\")\nreturn \(sink)(target)",
                                flow: origin, proofOfConcept: origin.proofOfConcept(payload: "https://evil.example/login", context) + "\n# the response is a redirect with Location: https://evil.example/login")]
    }

    /// `response.headers["Location"] = x` / Django `response["Location"] = x`.
    static func locationHeader(_ write: HeaderWrite, _ context: RuleContext) -> Finding? {
        guard let origin = Taint.isRequestDerived(write.value, context, kind: .redirect, stop: { isSanitized($0, context) }),
              !isGuarded(write.value, context) else { return nil }
        return context.finding(descriptor, at: write.anchor,
                               description: "The `Location` header is set to `\(context.text(write.value, limit: 40))`, which carries `\(origin.text(context))` (\(origin.requestField)) without a host check: a link to this site can forward to any other site.",
                               remediation: "Accept only local paths or allowed hosts: check the target with `url_has_allowed_host_and_scheme(target, allowed_hosts={request.host})` (Django) or compare `urlparse(target).netloc` against your host, and fall back to a fixed page.",
                               fix: "if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.host}):\n    target = \"/\"\nresponse[\"Location\"] = target",
                               flow: origin, proofOfConcept: origin.proofOfConcept(payload: "https://evil.example/login", context) + "\n# the response carries Location: https://evil.example/login")
    }

    /// Stops propagation at a checked conditional (`t if is_safe(t) else "/"`) and at a
    /// constant prefix that fixes the host or the first path segment.
    static func isSanitized(_ expr: ExprID, _ context: RuleContext) -> Bool {
        switch context.tree[expr].kind {
        case .ifExp(let test, let body, _):
            // `target if url_has_allowed_host_and_scheme(target, ...) else "/"`, or with the check's
            // result kept in a local (`url_is_safe = ...; return target if url_is_safe else ""`).
            return URLGuards.testChecks(test, chosen: body, context)
        case .binOp(_, .add, _), .binOp(_, .mod, _), .joinedStr, .call:
            if case .call = context.tree[expr].kind {
                guard let call = context.call(expr), case .attribute(_, "format", _) = context.tree[call.function].kind else { return false }
            }
            let parts = context.model.stringShape(of: expr).parts
            // `f"{next_url}&{query}"`, `base + "?" + query`: a location not from the request,
            // then a query, fragment or path: the request cannot change the host.
            if parts.count >= 2, case .hole(let base) = parts[0], case .literal(let next) = parts[1],
               let separator = next.first, "?&#/".contains(separator), Taint.isRequestDerived(base, context, kind: .redirect) == nil { return true }
            guard let prefix = context.constantPrefix(of: expr) else { return false }
            return isSafePrefix(String(prefix))
        case .name:
            // `url = "https://safe.example/"; url += path`: the text the local starts with.
            guard case .literal? = context.model.stringShape(of: expr).parts.first, let prefix = context.constantPrefix(of: expr) else { return false }
            return isSafePrefix(String(prefix))
        default:
            return false
        }
    }

    /// `/account/…` or `https://host/…`: the browser cannot be sent to another host. A bare
    /// `/` (then `//evil`) or `https://host` (then `@evil`) is not enough.
    static func isSafePrefix(_ prefix: String) -> Bool {
        let chars = Array(prefix)
        // `"?" + query`, `"#" + anchor`: relative to the current page.
        if let first = chars.first, first == "?" || first == "#" || first == "&" { return true }
        if chars.count >= 2, chars[0] == "/", chars[1] != "/", chars[1] != "\\" { return true }
        if let scheme = prefix.range(of: "://") {
            return prefix[scheme.upperBound...].contains("/")
        }
        return false
    }

    /// A validation of the target before the redirect (see `URLGuards.isChecked`).
    static func isGuarded(_ target: ExprID, _ context: RuleContext) -> Bool { URLGuards.isChecked(target, context) }
}
