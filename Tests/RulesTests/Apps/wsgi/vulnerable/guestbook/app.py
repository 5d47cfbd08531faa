from wsgiref.simple_server import make_server

from . import views

ROUTES = {
    "/entries": views.entries,
    "/sign": views.sign_book,
    "/stats": views.stats,
}


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path.startswith("/static/"):
        return views.static(environ, start_response)
    handler = ROUTES.get(path)
    if handler is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    return handler(environ, start_response)


if __name__ == "__main__":
    make_server("127.0.0.1", 8000, application).serve_forever()
