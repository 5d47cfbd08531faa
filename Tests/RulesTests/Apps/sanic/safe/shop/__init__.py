from sanic import Sanic

from . import account, products


def create_app():
    app = Sanic("shop")
    app.blueprint(products.bp)
    app.blueprint(account.bp)
    app.add_route(account.avatar, "/avatars/<user>", methods=["GET"])
    return app
