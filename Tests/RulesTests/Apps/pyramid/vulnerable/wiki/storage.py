import os
import sqlite3

FILES = "/srv/wiki/files"


def search_pages(term):
    db = sqlite3.connect("/srv/wiki/wiki.db")
    return db.execute(f"SELECT title FROM pages WHERE body LIKE '%{term}%'").fetchall()  # error: TL-B608


def attachment_path(name):
    return os.path.join(FILES, name)
