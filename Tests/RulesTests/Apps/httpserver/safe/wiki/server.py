import html
import re
import subprocess
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from .storage import page_path, search_titles

LABEL = re.compile(r"[a-z0-9-]{1,32}")
IMPORT_HOSTS = {"raw.githubusercontent.com"}


def is_safe_redirect(target):
    return target.startswith("/") and not target.startswith("//") and "\\" not in target


class WikiHandler(BaseHTTPRequestHandler):
    def send_html(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode("utf-8"))

    def do_GET(self):
        url = urlparse(self.path)
        params = parse_qs(url.query)
        if url.path == "/search":
            term = params.get("q", [""])[0]
            rows = search_titles(term)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(f"<h1>Search: {html.escape(term)}</h1><p>{len(rows)} pages</p>".encode())
        elif url.path == "/page":
            with open(page_path(params["name"][0]), encoding="utf-8") as handle:
                self.send_html("<pre>" + html.escape(handle.read()) + "</pre>")
        elif url.path == "/go":
            target = params["to"][0]
            self.send_response(302)
            self.send_header("Location", target if is_safe_redirect(target) else "/")
            self.end_headers()
        else:
            self.send_error(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode("utf-8"))
        if self.path == "/backup":
            label = form["label"][0]
            if not LABEL.fullmatch(label):
                self.send_error(400)
                return
            subprocess.run(["tar", "czf", f"/srv/backups/{label}.tgz", "/srv/wiki/pages"], check=True)
            self.send_response(204)
            self.end_headers()
        elif self.path == "/import":
            url = form["url"][0]
            if urlparse(url).scheme != "https" or urlparse(url).hostname not in IMPORT_HOSTS:
                self.send_error(400)
                return
            with urllib.request.urlopen(url, timeout=10) as remote:
                text = remote.read().decode("utf-8")
            self.send_response(201)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(str(len(text)).encode())
        else:
            self.send_error(404)


def run(port=8000):
    ThreadingHTTPServer(("127.0.0.1", port), WikiHandler).serve_forever()
