import logging

from celery import Celery
from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev-secret-key-not-for-production"
db = SQLAlchemy(app)
csrf = CSRFProtect(app)
login_manager = LoginManager(app)
limiter = Limiter(get_remote_address, app=app)
celery = Celery("shop", broker="redis://localhost:6379/0")
log = logging.getLogger("shop")

from shop import api, views  # noqa: E402

app.register_blueprint(api.api)
