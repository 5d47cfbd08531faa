"""Edge cases for the crawler: a redirect loop, a non-HTML start page, an off-site redirect."""
from flask import Flask, jsonify, redirect

from serve import serve

app = Flask(__name__)


@app.route("/loop1")
def loop1():
    return redirect("/loop2")


@app.route("/loop2")
def loop2():
    return redirect("/loop1")


@app.route("/data")
def data():
    return jsonify(ok=True)


@app.route("/offsite")
def offsite():
    return redirect("https://example.com/elsewhere")


if __name__ == "__main__":
    serve(app)
