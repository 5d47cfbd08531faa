"""A Flask app with every problem `taintline probe` looks for. Test fixture: never deploy."""
import traceback

from flask import Flask, jsonify, redirect, request, session
from werkzeug.debug import DebuggedApplication

from serve import serve

app = Flask(__name__)
app.config.update(SECRET_KEY="dev", SESSION_COOKIE_HTTPONLY=False)
app.debug = True  # exceptions reach the Werkzeug debugger below

PAGE = """<!doctype html>
<html><head><title>{title}</title></head><body>
<nav><a href="/">Home</a> | <a href="/products?page=1">Products</a> | <a href='/login'>Log in</a>
| <a href="/go?next=/products">Continue shopping</a> | <a href="/files/">Downloads</a>
| <a href="/report">Sales report</a> | <a href="/export">Export</a> | <a href="/api/public">API</a>
| <a href="/legacy">Legacy</a> | <a href="mailto:shop@example.com">Mail</a> | <a href="https://cdn.example.com/x.js">CDN</a></nav>
{body}
</body></html>"""


@app.before_request
def echo_trace():
    # What a server with TRACE enabled does: echo the request back.
    if request.method == "TRACE":
        lines = [f"TRACE {request.full_path} HTTP/1.1"] + [f"{k}: {v}" for k, v in request.headers.items()]
        return app.response_class("\r\n".join(lines), mimetype="message/http")
    return None


@app.after_request
def permissive_cors(response):
    origin = request.headers.get("Origin")
    if origin:  # reflects any origin, with credentials
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    response.headers["X-Powered-By"] = "Flask/3.1"
    return response


@app.route("/")
def index():
    session["visits"] = session.get("visits", 0) + 1
    body = """<h1>Shop</h1>
<form method="post" action="/transfer"><input name="to"><input name="amount"><button type="submit">Send</button></form>"""
    response = app.make_response(PAGE.format(title="Shop", body=body))
    response.set_cookie("prefs", "theme=dark")
    response.set_cookie("remember_token", "u1-4f9c2a7d", max_age=10 * 365 * 86400)
    return response


@app.route("/products")
def products():
    return PAGE.format(title="Products", body="<ul><li><a href='/products?page=2'>Next page</a></li></ul>")


@app.route("/login", methods=["GET", "POST"])
def login():
    form = """<form method="post" action="/login">
<input type="text" name="username"><input type="password" name="password"><input type="submit" value="Log in"></form>"""
    if request.method == "POST":
        return PAGE.format(title="Log in", body="<p>Invalid credentials</p>" + form)
    return PAGE.format(title="Log in", body=form)


@app.route("/go")
def go():
    return redirect(request.args.get("next", "/"))


@app.route("/files/")
def files():
    return """<html><head><title>Index of /files/</title></head><body><h1>Index of /files/</h1>
<pre><a href="../">../</a>
<a href="backup.sql">backup.sql</a>   12-Nov-2026 10:00   4096</pre></body></html>"""


@app.route("/report")
def report():
    return str(1 / 0)  # the debugger shows the traceback


@app.route("/export")
def export():
    try:
        {}["missing"]
    except KeyError:
        return app.response_class(traceback.format_exc(), status=500, mimetype="text/plain")


@app.route("/api/public")
def api_public():
    response = jsonify(items=[1, 2, 3])
    if "Origin" not in request.headers:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


@app.route("/legacy")
def legacy():
    response = app.make_response(PAGE.format(title="Legacy", body="<p>old page</p>"))
    response.headers["Content-Security-Policy"] = "script-src 'self' 'unsafe-inline' 'unsafe-eval' *"
    return response


@app.route("/transfer", methods=["POST"])
def transfer():
    return "sent"


@app.route("/.env")
def dotenv():
    return app.response_class("SECRET_KEY=dev-secret-not-real\nDATABASE_URL=postgres://shop:pw@db/shop\n", mimetype="text/plain")


@app.route("/.git/HEAD")
def git_head():
    return app.response_class("ref: refs/heads/main\n", mimetype="text/plain")


@app.route("/backup.sql")
def backup():
    return app.response_class("-- dump\nCREATE TABLE users (id integer, password text);\n", mimetype="application/octet-stream")


if __name__ == "__main__":
    serve(DebuggedApplication(app, evalex=True))
