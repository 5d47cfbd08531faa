from urllib.parse import parse_qs


def read_form(environ):
    """The fields of an `application/x-www-form-urlencoded` request body."""
    size = int(environ.get("CONTENT_LENGTH") or 0)
    return parse_qs(environ["wsgi.input"].read(size).decode("utf-8"))
