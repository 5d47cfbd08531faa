import subprocess

import falcon

from .storage import attachment_path


class AttachmentResource:
    def on_get(self, req, resp, name):
        resp.content_type = falcon.MEDIA_TEXT
        resp.stream = open(attachment_path(name), "rb")  # error: TL-WEB-PATH-TRAVERSAL


class ExportResource:
    def on_get(self, req, resp):
        resp.set_header("Content-Type", req.get_param("type"))  # error: TL-WEB-HEADER-INJECTION
        resp.data = b"id,title\n"

    def on_post(self, req, resp):
        job = req.get_media()
        out = subprocess.run("pandoc -o /tmp/out.pdf " + job["source"], shell=True, capture_output=True)  # error: TL-B602
        resp.media = {"status": out.returncode}
