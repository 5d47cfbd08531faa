from pyramid.httpexceptions import HTTPFound
from pyramid.response import FileResponse, Response
from pyramid.view import view_config

from .storage import attachment_path


@view_config(route_name="page_json", renderer="json")
def page_json(request):
    return {"title": request.matchdict["title"]}


@view_config(route_name="page")
def page(request):
    return Response("<h1>" + request.matchdict["title"] + "</h1>")  # error: TL-WEB-REFLECTED-XSS


@view_config(route_name="login", request_method="POST")
def login(context, request):
    if request.POST.get("password") != "letmein":
        return Response("denied", status=403, content_type="text/plain")
    return HTTPFound(location=request.params.get("came_from", "/"))  # error: TL-WEB-OPEN-REDIRECT


@view_config(route_name="file")
def download(request):
    return FileResponse(attachment_path(request.matchdict["name"]), request=request)  # error: TL-WEB-PATH-TRAVERSAL
