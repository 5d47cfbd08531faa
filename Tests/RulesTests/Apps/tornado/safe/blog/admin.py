import subprocess

import tornado.web
from tornado.template import Template

from .handlers import BaseHandler

BACKUP_FOLDERS = {"posts", "attachments"}
EXPORT_TYPES = {"csv": "text/csv", "json": "application/json"}


PREVIEW = Template("<article>{{ body }}</article><footer>{{ user }}</footer>")


class PreviewHandler(BaseHandler):
    @tornado.web.authenticated
    def post(self):
        self.write(PREVIEW.generate(body=self.request.body, user=self.current_user))


class BackupHandler(BaseHandler):
    @tornado.web.authenticated
    def post(self):
        folder = self.get_body_argument("folder")
        if folder not in BACKUP_FOLDERS:
            raise tornado.web.HTTPError(400)
        subprocess.run(["tar", "czf", "/tmp/backup.tgz", "--", folder], check=True)
        self.write({"ok": True})


class ExportHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self):
        self.set_header("Content-Type", EXPORT_TYPES.get(self.get_query_argument("type", "csv"), "text/csv"))
        self.write("title,slug\n")
