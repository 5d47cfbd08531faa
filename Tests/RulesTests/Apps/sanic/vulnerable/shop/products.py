from sanic import Blueprint
from sanic.response import file, html, json

from . import catalog

bp = Blueprint("products", url_prefix="/products")


@bp.get("/search")
async def search(request):
    rows = catalog.search(request.args.get("q", ""))
    return json({"results": [row[0] for row in rows]})


@bp.get("/tag/<tag>")
async def by_tag(request, tag):
    count = catalog.count_tagged(tag)
    return html(f"<h1>{count} products tagged {tag}</h1>")  # error: TL-WEB-REFLECTED-XSS


@bp.get("/<product_id:int>/image")
async def image(request, product_id):
    return await file(f"/srv/shop/images/{product_id}.png")
