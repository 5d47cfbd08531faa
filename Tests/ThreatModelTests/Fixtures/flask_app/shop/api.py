import os

from flask import Blueprint, abort, jsonify, request

from shop import db
from shop.models import Account

API_KEY = os.environ.get("API_KEY", "")
api = Blueprint("api", __name__, url_prefix="/api")


@api.before_request
def check_key():
    if request.headers.get("X-API-Key") != API_KEY:
        abort(401)


@api.route("/accounts", methods=["POST"])
def create_account():
    account = Account(owner_id=request.json["owner"])
    db.session.add(account)
    db.session.commit()
    return jsonify(id=account.id), 201
