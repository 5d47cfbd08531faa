import os
import sqlite3

FILES = "/srv/wiki/files"


def search_pages(term):
    db = sqlite3.connect("/srv/wiki/wiki.db")
    return db.execute("SELECT title FROM pages WHERE body LIKE ?", ("%" + term + "%",)).fetchall()


def attachment_path(file_id):
    return os.path.join(FILES, file_id + ".pdf")
