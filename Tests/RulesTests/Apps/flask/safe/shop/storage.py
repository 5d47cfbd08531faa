import os
import sqlite3

from werkzeug.utils import secure_filename

UPLOADS = "/srv/shop/uploads"


def find_products(term):
    db = sqlite3.connect("/srv/shop/shop.db")
    return db.execute("SELECT name FROM products WHERE name LIKE ?", ("%" + term + "%",)).fetchall()


def invoice_path(name):
    return os.path.join(UPLOADS, secure_filename(name))
