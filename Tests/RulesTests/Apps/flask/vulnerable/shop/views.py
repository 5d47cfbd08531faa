import subprocess

from flask import redirect, request

from .storage import find_products, invoice_path


def register(app):
    @app.route("/search")
    def search():
        term = request.args.get("q", "")
        rows = find_products(term)
        return "<h1>Results for " + term + "</h1>" + "".join(r[0] for r in rows)  # error: TL-WEB-REFLECTED-XSS

    @app.route("/invoice/<name>")
    def invoice(name):
        with open(invoice_path(name), "rb") as handle:  # error: TL-WEB-PATH-TRAVERSAL
            return handle.read()

    @app.route("/ping", methods=["POST"])
    def ping():
        host = request.form["host"]
        out = subprocess.run("ping -c 1 " + host, shell=True, capture_output=True)  # error: TL-B602
        return out.stdout

    @app.route("/login")
    def login():
        return redirect(request.args.get("next", "/"))  # error: TL-WEB-OPEN-REDIRECT
