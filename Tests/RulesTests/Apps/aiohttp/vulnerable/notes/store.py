import hmac
import os
import sqlite3

NOTES = "/srv/notes/files"
db = sqlite3.connect("/srv/notes/notes.db")


def fetch_note(note_id):
    row = db.execute("SELECT body FROM notes WHERE id = " + note_id).fetchone()  # error: TL-B608
    return row[0] if row else None


def search_titles(q):
    return db.execute("SELECT title FROM notes WHERE title LIKE ?", ("%" + q + "%",)).fetchall()


def add_note(title, body):
    cursor = db.execute("INSERT INTO notes (title, body) VALUES (?, ?)", (title, body))
    db.commit()
    return cursor.lastrowid


def check_password(user, password):
    row = db.execute("SELECT password FROM users WHERE name = ?", (user,)).fetchone()
    return row is not None and hmac.compare_digest(row[0], password)


def export_csv():
    return "\n".join(",".join(map(str, row)) for row in db.execute("SELECT id, title FROM notes"))


def note_path(name):
    return os.path.join(NOTES, name)
