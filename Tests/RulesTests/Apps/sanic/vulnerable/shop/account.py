from sanic import Blueprint
from sanic.response import file, redirect, text

from . import catalog

bp = Blueprint("account", url_prefix="/account")


@bp.post("/login")
async def login(request):
    if not catalog.check_login(request.form.get("user"), request.form.get("password")):
        return text("invalid login", status=403)
    return redirect(request.args.get("next", "/"))  # error: TL-WEB-OPEN-REDIRECT


@bp.get("/invoices")
async def invoice(request):
    return await file(catalog.invoice_path(request.args.get("name", "")))  # error: TL-WEB-PATH-TRAVERSAL


async def avatar(request, user):
    response = await file(catalog.avatar_path(user))  # error: TL-WEB-PATH-TRAVERSAL
    response.headers["Content-Type"] = request.headers.get("accept", "image/png")  # error: TL-WEB-HEADER-INJECTION
    return response
