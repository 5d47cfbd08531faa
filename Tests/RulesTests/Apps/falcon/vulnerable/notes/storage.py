import os
import sqlite3

ATTACHMENTS = "/srv/notes/attachments"


def search_notes(slug, term):
    db = sqlite3.connect("/srv/notes/notes.db")
    query = "SELECT title FROM notes WHERE book = ? AND body LIKE '%" + term + "%'"
    return db.execute(query, (slug,)).fetchall()  # error: TL-B608


def attachment_path(name):
    return os.path.join(ATTACHMENTS, name)
