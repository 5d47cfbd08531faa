import bottle

from . import admin, views


def create_app():
    app = bottle.default_app()
    app.route("/admin/upload", "POST", admin.upload)
    app.route("/admin/export/<kind>", "GET", admin.export)
    return app
