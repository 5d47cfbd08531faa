from html import escape
from urllib.parse import urlparse

from pyramid.httpexceptions import HTTPFound
from pyramid.response import FileResponse, Response
from pyramid.view import view_config

from .storage import attachment_path


@view_config(route_name="page_json", renderer="json")
def page_json(request):
    return {"title": request.matchdict["title"]}


@view_config(route_name="page")
def page(request):
    return Response("<h1>" + escape(request.matchdict["title"]) + "</h1>")


@view_config(route_name="login", request_method="POST")
def login(context, request):
    if request.POST.get("password") != "letmein":
        return Response("denied", status=403, content_type="text/plain")
    target = request.params.get("came_from", "/")
    if urlparse(target).netloc:
        target = "/"
    return HTTPFound(location=target)


@view_config(route_name="file")
def download(request):
    return FileResponse(attachment_path(request.matchdict["file_id"]), request=request)
