import hmac
import os
import sqlite3

INVOICES = "/srv/shop/invoices"
AVATARS = "/srv/shop/avatars"
db = sqlite3.connect("/srv/shop/shop.db")


def search(term):
    return db.execute("SELECT name FROM products WHERE name LIKE ?", ("%" + term + "%",)).fetchall()


def count_tagged(tag):
    return db.execute("SELECT COUNT(*) FROM tags WHERE tag = ?", (tag,)).fetchone()[0]


def check_login(user, password):
    row = db.execute("SELECT password FROM users WHERE name = ?", (user,)).fetchone()
    return row is not None and hmac.compare_digest(row[0], password or "")


def invoice_path(name):
    return os.path.join(INVOICES, os.path.basename(name))


def avatar_path(user):
    return AVATARS + "/" + os.path.basename(user) + ".png"
