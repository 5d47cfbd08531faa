import os
import sqlite3

MEDIA_ROOT = "/srv/gallery/media"


def image_path(filename):
    return os.path.join(MEDIA_ROOT, "images", os.path.basename(filename))


def photos_in_album(album):
    db = sqlite3.connect("/srv/gallery/gallery.db")
    return db.execute("SELECT id, title FROM photos WHERE album = ?", (album,)).fetchall()
