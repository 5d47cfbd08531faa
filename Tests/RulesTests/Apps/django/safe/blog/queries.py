import os

from django.conf import settings

from .models import Post

ATTACHMENTS = os.path.join(settings.MEDIA_ROOT, "attachments")


def posts_tagged(tag):
    return Post.objects.raw("SELECT * FROM blog_post WHERE tags LIKE %s", ["%" + tag + "%"])


def attachment_path(name):
    return os.path.join(ATTACHMENTS, os.path.basename(name))
