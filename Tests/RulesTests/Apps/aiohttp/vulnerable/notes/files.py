import aiohttp
from aiohttp import web

from . import store


async def download(request):
    return web.FileResponse(store.note_path(request.match_info["name"]))  # error: TL-WEB-PATH-TRAVERSAL


async def import_note(request):
    form = await request.post()
    async with aiohttp.ClientSession() as session:
        async with session.get(form["url"]) as upstream:  # error: TL-WEB-SSRF
            text = await upstream.text()
    return web.json_response({"id": store.add_note("imported", text)})
