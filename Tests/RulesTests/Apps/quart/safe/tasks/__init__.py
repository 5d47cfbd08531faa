from quart import Quart

from .views import bp


def create_app():
    app = Quart(__name__)
    app.config.from_prefixed_env()
    app.register_blueprint(bp)
    return app
