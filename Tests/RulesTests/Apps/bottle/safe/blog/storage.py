import os
import re
import sqlite3

POSTS = "/srv/blog/posts"
UPLOADS = "/srv/blog/uploads"


def find_posts(term):
    db = sqlite3.connect("/srv/blog/blog.db")
    return db.execute("SELECT slug, title FROM posts WHERE title LIKE ?", ("%" + term + "%",)).fetchall()


def post_path(slug):
    if not re.fullmatch(r"[a-z0-9-]+", slug):
        raise ValueError(slug)
    return os.path.join(POSTS, slug + ".md")
