import os
import subprocess
from urllib.parse import parse_qs

from .db import entries_by, sign
from .forms import read_form

STATIC = "/srv/guestbook/static"


def entries(environ, start_response):
    query = parse_qs(environ.get("QUERY_STRING", ""))
    author = query.get("author", [""])[0]
    rows = entries_by(author)
    body = f"<h1>Entries by {author}</h1>" + "".join(f"<p>{message}</p>" for _, message in rows)
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [body.encode("utf-8")]  # error: TL-WEB-REFLECTED-XSS


def static(environ, start_response):
    name = environ["PATH_INFO"][len("/static/"):]
    with open(os.path.join(STATIC, name), "rb") as handle:  # error: TL-WEB-PATH-TRAVERSAL
        data = handle.read()
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    return [data]


def sign_book(environ, start_response):
    form = read_form(environ)
    sign(form["author"][0], form["message"][0])
    start_response("303 See Other", [("Location", form["return_to"][0])])  # error: TL-WEB-OPEN-REDIRECT
    return [b""]


def stats(environ, start_response):
    query = parse_qs(environ["QUERY_STRING"])
    out = subprocess.check_output("wc -l /srv/guestbook/logs/" + query["day"][0] + ".log", shell=True)  # error: TL-B602
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [out]
