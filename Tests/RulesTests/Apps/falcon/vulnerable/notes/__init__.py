import falcon

from .files import AttachmentResource, ExportResource
from .pages import LoginResource, NoteResource


def create_app():
    app = falcon.App()
    notes = NoteResource()
    app.add_route("/notes/{slug}", notes)
    app.add_route("/notes/{slug}/search", notes, suffix="search")
    app.add_route("/login", LoginResource())
    app.add_route("/attachments/{name}", AttachmentResource())
    app.add_route("/export", ExportResource())
    return app
