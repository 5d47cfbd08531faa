from bottle import get, post, redirect, request, template

from .storage import find_posts, post_path


@get("/")
def index():
    term = request.query.q
    links = "".join('<li><a href="/posts/%s">%s</a></li>' % (slug, title) for slug, title in find_posts(term))
    return "<h1>Posts matching " + term + "</h1><ul>" + links + "</ul>"  # error: TL-WEB-REFLECTED-XSS


@get("/posts/<slug>")
def show(slug):
    with open(post_path(slug)) as handle:  # error: TL-WEB-PATH-TRAVERSAL
        return template("post", body=handle.read())


@post("/preview")
def preview():
    return template(request.forms.getunicode("draft"))  # error: TL-WEB-SSTI


@post("/login")
def login():
    if request.forms.password != "letmein":
        return template("login", failed=True)
    redirect(request.query.get("next", "/"))  # error: TL-WEB-OPEN-REDIRECT
