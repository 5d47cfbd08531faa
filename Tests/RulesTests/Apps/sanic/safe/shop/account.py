from urllib.parse import urlparse

from sanic import Blueprint
from sanic.response import file, redirect, text

from . import catalog

bp = Blueprint("account", url_prefix="/account")


@bp.post("/login")
async def login(request):
    if not catalog.check_login(request.form.get("user"), request.form.get("password")):
        return text("invalid login", status=403)
    target = request.args.get("next", "/")
    if urlparse(target).netloc or not target.startswith("/"):
        target = "/"
    return redirect(target)


@bp.get("/invoices")
async def invoice(request):
    return await file(catalog.invoice_path(request.args.get("name", "")))


async def avatar(request, user):
    response = await file(catalog.avatar_path(user))
    accept = request.headers.get("accept", "image/png")
    response.headers["Content-Type"] = "image/webp" if "image/webp" in accept else "image/png"
    return response
