import os
import sqlite3

UPLOADS = "/srv/shop/uploads"


def find_products(term):
    db = sqlite3.connect("/srv/shop/shop.db")
    return db.execute("SELECT name FROM products WHERE name LIKE '%" + term + "%'").fetchall()  # error: TL-B608


def invoice_path(name):
    return os.path.join(UPLOADS, name)
