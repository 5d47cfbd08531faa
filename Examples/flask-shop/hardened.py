"""The safe twins of app.py: the same features, written so that none of them is a finding."""
import os
import secrets
import sqlite3
import subprocess
from urllib.parse import urlparse

from argon2 import PasswordHasher
from flask import Flask, abort, make_response, redirect, render_template, request, session, url_for

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SHOP_SECRET_KEY"]
app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")

DATABASE = os.path.join(os.path.dirname(__file__), "shop.db")
hasher = PasswordHasher()


def get_db():
    return sqlite3.connect(DATABASE)


def is_safe_target(target):
    parts = urlparse(target)
    return not parts.netloc and not parts.scheme and target.startswith("/")


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        username = request.form["username"]
        db = get_db()
        row = db.execute("SELECT id, password FROM users WHERE name = ?", (username,)).fetchone()
        if row and hasher.verify(row[1], request.form["password"]):
            session["user_id"] = row[0]
            target = request.args.get("next", "/")
            return redirect(target if is_safe_target(target) else url_for("search"))
    return render_template("login.html")


@app.route("/search")
def search():
    query = request.args.get("q", "")
    rows = get_db().execute("SELECT name, price FROM products WHERE name LIKE ?", (f"%{query}%",)).fetchall()
    return render_template("results.html", rows=rows, query=query)


@app.route("/hello")
def hello():
    return render_template("hello.html", name=request.args.get("name", "guest"))


@app.route("/admin/ping")
def ping():
    host = request.args.get("host", "127.0.0.1")
    if not host.replace(".", "").isalnum():
        abort(400)
    return subprocess.check_output(["ping", "-c", "1", host])


@app.route("/remember", methods=["POST"])
def remember():
    response = make_response(redirect("/"))
    response.set_cookie("remember_token", secrets.token_urlsafe(32), secure=True, httponly=True, samesite="Lax")
    return response


@app.route("/csrf-token")
def csrf_token():
    session.setdefault("csrf", secrets.token_urlsafe(32))
    return {"token": session["csrf"]}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
