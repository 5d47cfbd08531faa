import tornado.web

from . import admin, handlers


def make_app(cookie_secret):
    routes = [
        (r"/posts/([^/]+)", handlers.PostHandler),
        (r"/posts/([^/]+)/attachments/(.+)", handlers.AttachmentHandler),
        (r"/login", handlers.LoginHandler),
        tornado.web.url(r"/admin/preview", admin.PreviewHandler, name="preview"),
        tornado.web.url(r"/admin/backup", admin.BackupHandler),
        tornado.web.url(r"/admin/export", admin.ExportHandler),
    ]
    return tornado.web.Application(routes, cookie_secret=cookie_secret, xsrf_cookies=True)
