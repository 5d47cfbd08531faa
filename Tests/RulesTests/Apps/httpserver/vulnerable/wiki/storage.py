import os
import sqlite3

PAGES = "/srv/wiki/pages"


def page_path(name):
    return os.path.join(PAGES, name + ".md")


def search_titles(term):
    db = sqlite3.connect("/srv/wiki/wiki.db")
    return db.execute("SELECT title FROM pages WHERE body LIKE '%%%s%%'" % term).fetchall()  # error: TL-B608
