from aiohttp import web

from . import files, views


def create_app():
    app = web.Application()
    app.router.add_get("/notes/{note_id}", views.show_note)
    app.router.add_route("POST", "/notes", views.create_note)
    app.add_routes([
        web.get("/download/{name}", files.download),
        web.post("/import", files.import_note),
    ])
    app.add_routes(views.routes)
    return app


if __name__ == "__main__":
    web.run_app(create_app())
