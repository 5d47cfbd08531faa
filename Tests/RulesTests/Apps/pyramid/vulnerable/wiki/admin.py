import subprocess

from pyramid.view import view_config

from .storage import search_pages


class AdminViews:
    def __init__(self, request):
        self.request = request

    @view_config(route_name="search", renderer="templates/search.jinja2")
    def search(self):
        response = self.request.response
        response.headers["Access-Control-Allow-Origin"] = self.request.headers.get("Origin", "")  # error: TL-WEB-HEADER-INJECTION
        return {"results": search_pages(self.request.params.get("q", ""))}

    def purge(self):
        prefix = self.request.json_body["prefix"]
        subprocess.run("find /srv/wiki/cache -name '" + prefix + "*' -delete", shell=True)  # error: TL-B602
        return self.request.response
