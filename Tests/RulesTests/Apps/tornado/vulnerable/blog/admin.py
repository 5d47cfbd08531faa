import subprocess

import tornado.web
from tornado.template import Template

from .handlers import BaseHandler


class PreviewHandler(BaseHandler):
    @tornado.web.authenticated
    def post(self):
        page = Template(self.request.body)  # error: TL-WEB-SSTI
        self.write(page.generate(user=self.current_user))


class BackupHandler(BaseHandler):
    @tornado.web.authenticated
    def post(self):
        folder = self.get_body_argument("folder")
        subprocess.run("tar czf /tmp/backup.tgz " + folder, shell=True, check=True)  # error: TL-B602
        self.write({"ok": True})


class ExportHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self):
        self.set_header("Content-Type", self.get_query_argument("type", "text/csv"))  # error: TL-WEB-HEADER-INJECTION
        self.write("title,slug\n")
