"""A small online shop, written the way many real Flask apps are: quickly, and with holes.

Every problem planted here is marked with a `# planted:` comment naming its CWE; the same
feature written safely lives in `hardened.py`. `taintline scan Examples/flask-shop` finds them.
"""
import hashlib
import os
import pickle
import secrets
import sqlite3
import subprocess

from flask import Flask, make_response, redirect, render_template, render_template_string, request, session

app = Flask(__name__)
app.config["SECRET_KEY"] = "s3cr3t-shop-key-2019"  # planted: CWE-798 hard-coded SECRET_KEY

DATABASE = os.path.join(os.path.dirname(__file__), "shop.db")


def get_db():
    return sqlite3.connect(DATABASE)


def hash_password(password):
    return hashlib.md5(password.encode()).hexdigest()  # planted: CWE-328 MD5 password hashing


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        username = request.form["username"]
        password = hash_password(request.form["password"])
        db = get_db()
        row = db.execute(
            f"SELECT id FROM users WHERE name = '{username}' AND password = '{password}'"  # planted: CWE-89 SQL built with an f-string
        ).fetchone()
        if row:
            session["user_id"] = row[0]
            target = request.args.get("next", "/")
            return redirect(target)  # planted: CWE-601 open redirect
    return render_template("login.html")


@app.route("/search")
def search():
    query = request.args.get("q", "")
    db = get_db()
    rows = db.execute("SELECT name, price FROM products WHERE name LIKE '%" + query + "%'").fetchall()  # planted: CWE-89 SQL built by concatenation
    return render_template("results.html", rows=rows, query=query)


@app.route("/hello")
def hello():
    name = request.args.get("name", "guest")
    return render_template_string("<h1>Hello " + name + "!</h1>")  # planted: CWE-1336 template injection


@app.route("/admin/ping")
def ping():
    host = request.args.get("host", "127.0.0.1")
    output = subprocess.check_output("ping -c 1 " + host, shell=True)  # planted: CWE-78 shell=True with request data
    return output


@app.route("/cart")
def cart():
    raw = request.cookies.get("cart")
    items = pickle.loads(bytes.fromhex(raw)) if raw else []  # planted: CWE-502 pickle.loads of a cookie
    return render_template("cart.html", items=items)


@app.route("/remember", methods=["POST"])
def remember():
    response = make_response(redirect("/"))
    response.set_cookie("remember_token", secrets.token_urlsafe(32))  # planted: CWE-614 cookie without secure/httponly
    return response


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)  # planted: CWE-489 debug mode (Werkzeug debugger) and CWE-605 all interfaces
