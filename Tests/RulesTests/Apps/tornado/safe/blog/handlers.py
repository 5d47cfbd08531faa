import os
from urllib.parse import urlparse

import tornado.escape
import tornado.web

from . import storage


class BaseHandler(tornado.web.RequestHandler):
    def get_current_user(self):
        return self.get_signed_cookie("user")

    def page_title(self):
        return self.get_argument("title", "Blog")


class PostHandler(BaseHandler):
    def get(self, slug):
        rows = storage.find_posts(slug)
        body = "".join("<article>%s</article>" % tornado.escape.xhtml_escape(row[0]) for row in rows)
        self.write("<h1>" + tornado.escape.xhtml_escape(self.page_title()) + "</h1>" + body)


class AttachmentHandler(BaseHandler):
    def get(self, slug, name):
        path = os.path.realpath(storage.attachment_path(slug, name))
        if not path.startswith(storage.ATTACHMENTS + os.sep):
            raise tornado.web.HTTPError(404)
        with open(path, "rb") as handle:
            self.write(handle.read())


class LoginHandler(BaseHandler):
    def post(self):
        user = self.get_body_argument("user")
        self.set_signed_cookie("user", user)
        target = self.get_argument("next", "/")
        if urlparse(target).netloc or not target.startswith("/"):
            target = "/"
        self.redirect(target)
