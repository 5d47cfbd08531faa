from bottle import request, response

from .storage import UPLOADS

EXPORT_TYPES = {"csv": "text/csv", "json": "application/json"}


def upload():
    image = request.files.get("image")
    image.save(UPLOADS)
    return {"stored": image.filename}


def export(kind):
    response.set_header("Content-Type", EXPORT_TYPES.get(request.query.mime, "text/csv"))
    return "slug,title\n"
