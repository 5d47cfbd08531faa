from urllib.parse import urlparse

import aiohttp
from aiohttp import web

from . import store

IMPORT_HOSTS = {"notes.example.com", "paste.example.com"}


async def download(request):
    return web.FileResponse(store.note_path(request.match_info["name"]))


async def import_note(request):
    form = await request.post()
    url = form["url"]
    if urlparse(url).hostname not in IMPORT_HOSTS:
        raise web.HTTPBadRequest(text="unknown host")
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as upstream:
            text = await upstream.text()
    return web.json_response({"id": store.add_note("imported", text)})
