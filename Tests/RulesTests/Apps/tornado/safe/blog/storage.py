import os
import sqlite3

ATTACHMENTS = "/srv/blog/attachments"


def find_posts(slug):
    db = sqlite3.connect("/srv/blog/blog.db")
    return db.execute("SELECT body FROM posts WHERE slug = ?", (slug,)).fetchall()


def attachment_path(slug, name):
    return os.path.join(ATTACHMENTS, slug, name)
