import subprocess
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from .storage import page_path, search_titles


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
            self.wfile.write(f"<h1>Search: {term}</h1><p>{len(rows)} pages</p>".encode())  # error: TL-WEB-REFLECTED-XSS
        elif url.path == "/page":
            with open(page_path(params["name"][0]), encoding="utf-8") as handle:  # error: TL-WEB-PATH-TRAVERSAL
                self.send_html("<pre>" + handle.read() + "</pre>")
        elif url.path == "/go":
            self.send_response(302)
            self.send_header("Location", params["to"][0])  # error: TL-WEB-OPEN-REDIRECT
            self.end_headers()
        else:
            self.send_error(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode("utf-8"))
        if self.path == "/backup":
            subprocess.run("tar czf /srv/backups/" + form["label"][0] + ".tgz /srv/wiki/pages", shell=True, check=True)  # error: TL-B602
            self.send_response(204)
            self.end_headers()
        elif self.path == "/import":
            with urllib.request.urlopen(form["url"][0], timeout=10) as remote:  # error: TL-B310, TL-WEB-SSRF
                text = remote.read().decode("utf-8")
            self.send_response(201)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(str(len(text)).encode())
        else:
            self.send_error(404)


def run(port=8000):
    ThreadingHTTPServer(("127.0.0.1", port), WikiHandler).serve_forever()
