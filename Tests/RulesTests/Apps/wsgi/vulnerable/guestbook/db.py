import sqlite3

DATABASE = "/srv/guestbook/guestbook.db"


def entries_by(author):
    conn = sqlite3.connect(DATABASE)
    try:
        return conn.execute("SELECT author, message FROM entries WHERE author = '" + author + "'").fetchall()  # error: TL-B608
    finally:
        conn.close()


def sign(author, message):
    conn = sqlite3.connect(DATABASE)
    with conn:
        conn.execute("INSERT INTO entries (author, message) VALUES (?, ?)", (author, message))
