from flask import Flask

from .views import register


def create_app():
    app = Flask(__name__)
    register(app)
    return app
