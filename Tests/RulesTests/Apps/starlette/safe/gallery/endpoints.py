import html
import re
import subprocess
from urllib.parse import urlparse

import httpx
from starlette.endpoints import HTTPEndpoint
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse

from .storage import image_path, photos_in_album

SIZE = re.compile(r"[0-9]{1,4}x[0-9]{1,4}")
IMPORT_HOSTS = {"images.unsplash.com", "upload.wikimedia.org"}


async def homepage(request):
    name = request.query_params.get("name", "guest")
    return HTMLResponse(f"<h1>Welcome back, {html.escape(name)}</h1>")


async def image(request):
    filename = request.path_params["filename"]
    return FileResponse(image_path(filename))


async def resize(request):
    form = await request.form()
    size = form["size"]
    if not SIZE.fullmatch(size):
        return JSONResponse({"error": "size must look like 200x200"}, status_code=400)
    subprocess.run(["convert", "/srv/gallery/media/upload.png", "-resize", size, "/srv/gallery/media/thumb.png"], check=True)
    return JSONResponse({"size": size})


async def import_image(request):
    payload = await request.json()
    url = payload["url"]
    if urlparse(url).hostname not in IMPORT_HOSTS:
        return JSONResponse({"error": "host not allowed"}, status_code=400)
    async with httpx.AsyncClient(follow_redirects=False) as client:
        response = await client.get(url)
    return JSONResponse({"bytes": len(response.content)})


async def logout(request):
    request.session.clear()
    target = request.query_params.get("next", "/")
    if urlparse(target).netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"
    return RedirectResponse(target)


class Album(HTTPEndpoint):
    async def get(self, request):
        album = request.path_params["album"]
        return JSONResponse([{"id": pid, "title": title} for pid, title in photos_in_album(album)])
