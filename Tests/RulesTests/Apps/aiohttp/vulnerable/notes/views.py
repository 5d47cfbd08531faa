import html

from aiohttp import web

from . import store

routes = web.RouteTableDef()


async def show_note(request):
    note = store.fetch_note(request.match_info["note_id"])
    if note is None:
        raise web.HTTPNotFound()
    return web.Response(text="<article>" + html.escape(note) + "</article>", content_type="text/html")


async def create_note(request):
    doc = await request.json()
    note_id = store.add_note(doc["title"], doc["body"])
    return web.json_response({"id": note_id}, status=201)


@routes.get("/search")
async def search(request):
    q = request.query.get("q", "")
    rows = store.search_titles(q)
    items = "".join("<li>%s</li>" % html.escape(title) for title, in rows)
    return web.Response(text=f"<h1>Results for {q}</h1><ul>{items}</ul>", content_type="text/html")  # error: TL-WEB-REFLECTED-XSS


@routes.post("/login")
async def login(request):
    form = await request.post()
    if not store.check_password(form["user"], form["password"]):
        raise web.HTTPForbidden()
    raise web.HTTPFound(request.query.get("next", "/"))  # error: TL-WEB-OPEN-REDIRECT


@routes.view("/export")
class ExportView(web.View):
    async def get(self):
        response = web.Response(text=store.export_csv())
        response.headers["Content-Type"] = self.request.query.get("type", "text/csv")  # error: TL-WEB-HEADER-INJECTION
        return response
