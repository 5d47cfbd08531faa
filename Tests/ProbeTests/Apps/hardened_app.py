"""The same shop, configured the way `taintline probe` wants. Test fixture."""
import os
import time
from urllib.parse import urlsplit

from flask import Flask, abort, jsonify, redirect, render_template_string, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.serving import WSGIRequestHandler

from serve import serve

app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.urandom(32),
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)
CSRFProtect(app)

PAGE = """<!doctype html>
<html><head><title>{{ title }}</title><meta name="referrer" content="strict-origin-when-cross-origin"></head><body>
<nav><a href="/">Home</a> | <a href="/products?page=1">Products</a> | <a href="/login">Log in</a>
| <a href="/go?next=/products">Continue shopping</a> | <a href="/admin/">Admin</a> | <a href="/api/items">API</a></nav>
{{ body|safe }}
</body></html>"""

FAILURES = {}  # client address -> timestamps of failed logins


class QuietHandler(WSGIRequestHandler):
    server_version = "shop"
    sys_version = ""


@app.after_request
def security_headers(response):
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response


@app.errorhandler(404)
def not_found(_):
    return render_template_string(PAGE, title="Not found", body="<p>Not found</p>"), 404


@app.errorhandler(500)
def server_error(_):
    return render_template_string(PAGE, title="Error", body="<p>Something went wrong</p>"), 500


@app.route("/robots.txt")
def robots():
    return app.response_class("User-agent: *\nDisallow: /admin/\n", mimetype="text/plain")


@app.route("/")
def index():
    body = """<h1>Shop</h1>
<form method="post" action="/transfer"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
<input name="to"><input name="amount"><button type="submit">Send</button></form>"""
    return render_template_string(PAGE, title="Shop", body=render_template_string(body))


@app.route("/products")
def products():
    return render_template_string(PAGE, title="Products", body="<a href='/products?page=2'>Next page</a>")


@app.route("/admin/")
def admin():
    abort(403)


@app.route("/login", methods=["GET", "POST"])
def login():
    form = render_template_string("""<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
<input type="text" name="username"><input type="password" name="password"><input type="submit" value="Log in"></form>""")
    if request.method == "POST":
        now = time.time()
        recent = [t for t in FAILURES.get(request.remote_addr, []) if now - t < 60]
        if len(recent) >= 5:
            response = app.make_response(("Too many attempts, try again later", 429))
            response.headers["Retry-After"] = "60"
            return response
        FAILURES[request.remote_addr] = recent + [now]
        return render_template_string(PAGE, title="Log in", body="<p>Invalid credentials</p>" + form), 401
    return render_template_string(PAGE, title="Log in", body=form)


@app.route("/go")
def go():
    target = request.args.get("next", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"
    return redirect(target)


@app.route("/api/items")
def items():
    return jsonify(items=[1, 2, 3])


@app.route("/transfer", methods=["POST"])
def transfer():
    return "sent"


if __name__ == "__main__":
    serve(app, QuietHandler)
