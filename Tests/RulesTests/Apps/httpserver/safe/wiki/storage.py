import os
import sqlite3

PAGES = "/srv/wiki/pages"


def page_path(name):
    return os.path.join(PAGES, os.path.basename(name) + ".md")


def search_titles(term):
    db = sqlite3.connect("/srv/wiki/wiki.db")
    return db.execute("SELECT title FROM pages WHERE body LIKE ?", ("%" + term + "%",)).fetchall()
