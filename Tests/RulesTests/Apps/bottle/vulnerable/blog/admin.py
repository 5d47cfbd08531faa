import os

from bottle import request, response

from .storage import UPLOADS


def upload():
    image = request.files.get("image")
    image.save(os.path.join(UPLOADS, image.raw_filename))  # error: TL-WEB-UPLOAD-FILENAME
    return {"stored": image.filename}


def export(kind):
    response.set_header("Content-Type", request.query.mime)  # error: TL-WEB-HEADER-INJECTION
    return "slug,title\n"
