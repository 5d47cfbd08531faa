import os
import sqlite3

POSTS = "/srv/blog/posts"
UPLOADS = "/srv/blog/uploads"


def find_posts(term):
    db = sqlite3.connect("/srv/blog/blog.db")
    return db.execute("SELECT slug, title FROM posts WHERE title LIKE '%%%s%%'" % term).fetchall()  # error: TL-B608


def post_path(slug):
    return os.path.join(POSTS, slug + ".md")
