import os
import sqlite3

ATTACHMENTS = "/srv/notes/attachments"


def search_notes(slug, term):
    db = sqlite3.connect("/srv/notes/notes.db")
    query = "SELECT title FROM notes WHERE book = ? AND body LIKE ?"
    return db.execute(query, (slug, "%" + term + "%")).fetchall()


def attachment_path(attachment_id):
    return os.path.join(ATTACHMENTS, "%d.bin" % attachment_id)
