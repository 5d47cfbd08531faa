import falcon

from .storage import search_notes


class NoteResource:
    def on_get(self, req, resp, slug):
        resp.content_type = falcon.MEDIA_HTML
        resp.text = "<h1>Notes in " + slug + "</h1>"  # error: TL-WEB-REFLECTED-XSS

    def on_get_search(self, req, resp, slug):
        rows = search_notes(slug, req.get_param("q", default=""))
        resp.media = {"results": [row[0] for row in rows]}


class LoginResource:
    def on_post(self, req, resp):
        form = req.get_media()
        if form.get("user") != "admin":
            raise falcon.HTTPUnauthorized()
        raise falcon.HTTPSeeOther(req.get_param("next") or "/")  # error: TL-WEB-OPEN-REDIRECT
