import subprocess

import httpx
from starlette.endpoints import HTTPEndpoint
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse

from .storage import image_path, photos_in_album


async def homepage(request):
    name = request.query_params.get("name", "guest")
    return HTMLResponse(f"<h1>Welcome back, {name}</h1>")  # error: TL-WEB-REFLECTED-XSS


async def image(request):
    filename = request.path_params["filename"]
    return FileResponse(image_path(filename))  # error: TL-WEB-PATH-TRAVERSAL


async def resize(request):
    form = await request.form()
    size = form["size"]
    subprocess.run("convert /srv/gallery/media/upload.png -resize " + size + " /srv/gallery/media/thumb.png", shell=True)  # error: TL-B602
    return JSONResponse({"size": size})


async def import_image(request):
    payload = await request.json()
    async with httpx.AsyncClient() as client:
        response = await client.get(payload["url"])  # error: TL-WEB-SSRF
    return JSONResponse({"bytes": len(response.content)})


async def logout(request):
    request.session.clear()
    return RedirectResponse(request.query_params.get("next", "/"))  # error: TL-WEB-OPEN-REDIRECT


class Album(HTTPEndpoint):
    async def get(self, request):
        album = request.path_params["album"]
        return JSONResponse([{"id": pid, "title": title} for pid, title in photos_in_album(album)])
