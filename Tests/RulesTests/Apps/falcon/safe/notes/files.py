import falcon

from .storage import attachment_path

EXPORT_TYPES = {"csv": "text/csv", "json": falcon.MEDIA_JSON}
FORMATS = {"pdf": "pdf", "epub": "epub"}


class AttachmentResource:
    def on_get(self, req, resp, attachment_id):
        resp.content_type = falcon.MEDIA_TEXT
        resp.stream = open(attachment_path(attachment_id), "rb")


class ExportResource:
    def on_get(self, req, resp):
        resp.set_header("Content-Type", EXPORT_TYPES.get(req.get_param("type"), "text/csv"))
        resp.data = b"id,title\n"

    def on_post(self, req, resp):
        job = req.get_media()
        resp.media = {"queued": FORMATS.get(job.get("format"), "pdf")}
