import subprocess
from urllib.parse import urlparse

from flask import redirect, request
from markupsafe import escape

from .storage import find_products, invoice_path


def register(app):
    @app.route("/search")
    def search():
        term = request.args.get("q", "")
        rows = find_products(term)
        return "<h1>Results for " + str(escape(term)) + "</h1>" + "".join(str(escape(r[0])) for r in rows)

    @app.route("/invoice/<name>")
    def invoice(name):
        with open(invoice_path(name), "rb") as handle:
            return handle.read()

    @app.route("/ping", methods=["POST"])
    def ping():
        host = request.form["host"]
        out = subprocess.run(["ping", "-c", "1", "--", host], capture_output=True)
        return out.stdout

    @app.route("/login")
    def login():
        target = request.args.get("next", "/")
        if urlparse(target).netloc:
            target = "/"
        return redirect(target)
