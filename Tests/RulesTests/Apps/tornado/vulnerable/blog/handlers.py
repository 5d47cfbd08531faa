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
        self.write("<h1>" + self.page_title() + "</h1>" + body)  # error: TL-WEB-REFLECTED-XSS


class AttachmentHandler(BaseHandler):
    def get(self, slug, name):
        with open(storage.attachment_path(slug, name), "rb") as handle:  # error: TL-WEB-PATH-TRAVERSAL
            self.write(handle.read())


class LoginHandler(BaseHandler):
    def post(self):
        user = self.get_body_argument("user")
        self.set_signed_cookie("user", user)
        self.redirect(self.get_argument("next", "/"))  # error: TL-WEB-OPEN-REDIRECT
