import hmac
import os
import smtplib

import requests
from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user
from werkzeug.security import check_password_hash

from shop import app, csrf, db, limiter, log
from shop.auth import admin_required, timed
from shop.models import Account, User
from shop.tasks import generate_report

WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET", "")
UPLOADS = "/srv/uploads"


@app.route("/")
@timed
def index():
    return render_template("index.html")


@app.route("/login", methods=["GET", "POST"])
@limiter.limit("5/minute")
def login():
    if request.method == "POST":
        user = User.query.filter_by(name=request.form["name"]).first()
        if user and check_password_hash(user.password_hash, request.form["password"]):
            login_user(user)
            log.info("login %s", user.id)
            return redirect(url_for("index"))
    return render_template("login.html")


@app.route("/accounts/<int:account_id>")
@login_required
def account(account_id):
    return render_template("account.html", account=Account.query.get(account_id))


@app.route("/transfer", methods=["POST"])
@login_required
def transfer():
    source = Account.query.filter_by(id=request.form["from"], owner_id=current_user.id).first_or_404()
    source.balance -= int(request.form["amount"])
    db.session.add(source)
    db.session.commit()
    log.info("transfer from %s", source.id)
    return redirect(url_for("index"))


@app.route("/admin/users")
@admin_required
def admin_users():
    return render_template("users.html", users=User.query.all())


@app.route("/files/<name>", methods=["POST"])
def delete_file(name):
    os.remove(os.path.join(UPLOADS, name))
    return "deleted"


@app.route("/hooks/payment", methods=["POST"])
@csrf.exempt
def payment_hook():
    signature = request.headers.get("X-Signature", "")
    if not hmac.compare_digest(signature, hmac.new(WEBHOOK_SECRET.encode(), request.get_data(), "sha256").hexdigest()):
        return "bad signature", 400
    log.info("payment %s", request.json["id"])
    return "ok"


@app.route("/rates")
def rates():
    return requests.get("https://api.rates.example/v1/latest", timeout=5).json()


@app.route("/contact", methods=["POST"])
@login_required
def contact():
    with smtplib.SMTP("mail.example.com") as smtp:
        smtp.sendmail("shop@example.com", ["support@example.com"], request.form["message"])
    return redirect(url_for("index"))


@app.route("/reports", methods=["POST"])
@login_required
def reports():
    generate_report.delay(current_user.id)
    return "queued", 202


@app.cli.command("seed")
def seed():
    db.session.add(User(name="admin", is_admin=True))
    db.session.commit()
