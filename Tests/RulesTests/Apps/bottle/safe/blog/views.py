from html import escape
from urllib.parse import urlparse

from bottle import get, post, redirect, request, template

from .storage import find_posts, post_path


@get("/")
def index():
    term = request.query.q
    links = "".join('<li><a href="/posts/%s">%s</a></li>' % (escape(slug), escape(title)) for slug, title in find_posts(term))
    return "<h1>Posts matching " + escape(term) + "</h1><ul>" + links + "</ul>"


@get("/posts/<slug>")
def show(slug):
    with open(post_path(slug)) as handle:
        return template("post", body=handle.read())


@post("/preview")
def preview():
    return template("preview", draft=request.forms.getunicode("draft"))


@post("/login")
def login():
    if request.forms.password != "letmein":
        return template("login", failed=True)
    target = request.query.get("next", "/")
    if urlparse(target).netloc:
        target = "/"
    redirect(target)
