import html
import os
import subprocess
from datetime import date
from urllib.parse import parse_qs, urlparse

from .db import entries_by, sign
from .forms import read_form

STATIC = "/srv/guestbook/static"


def entries(environ, start_response):
    query = parse_qs(environ.get("QUERY_STRING", ""))
    author = query.get("author", [""])[0]
    rows = entries_by(author)
    body = f"<h1>Entries by {html.escape(author)}</h1>" + "".join(f"<p>{html.escape(message)}</p>" for _, message in rows)
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [body.encode("utf-8")]


def static(environ, start_response):
    name = os.path.basename(environ["PATH_INFO"])
    with open(os.path.join(STATIC, name), "rb") as handle:
        data = handle.read()
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    return [data]


def sign_book(environ, start_response):
    form = read_form(environ)
    sign(form["author"][0], form["message"][0])
    target = form.get("return_to", ["/entries"])[0]
    if urlparse(target).netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/entries"
    start_response("303 See Other", [("Location", target)])
    return [b""]


def stats(environ, start_response):
    query = parse_qs(environ["QUERY_STRING"])
    day = date.fromisoformat(query["day"][0]).isoformat()
    out = subprocess.check_output(["wc", "-l", f"/srv/guestbook/logs/{day}.log"])
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [out]
