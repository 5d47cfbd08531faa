import subprocess

from pyramid.view import view_config

from .storage import search_pages

ALLOWED_ORIGINS = {"https://wiki.example.com", "https://admin.example.com"}


class AdminViews:
    def __init__(self, request):
        self.request = request

    @view_config(route_name="search", renderer="templates/search.jinja2")
    def search(self):
        response = self.request.response
        origin = self.request.headers.get("Origin", "")
        if origin in ALLOWED_ORIGINS:
            response.headers["Access-Control-Allow-Origin"] = origin
        return {"results": search_pages(self.request.params.get("q", ""))}

    def purge(self):
        prefix = self.request.json_body["prefix"]
        if not prefix.isalnum():
            return self.request.response
        subprocess.run(["find", "/srv/wiki/cache", "-name", prefix + "*", "-delete"])
        return self.request.response
