from django.db import connection
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views import View

from .mixins import NextURLMixin
from .models import Post
from .queries import attachment_path, posts_tagged


def search(request):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title FROM blog_post WHERE title LIKE '%" + term + "%'")  # error: TL-B608
        rows = cursor.fetchall()
    items = "".join("<li>%s</li>" % title for _, title in rows)
    return HttpResponse("<h1>Results for %s</h1><ul>%s</ul>" % (term, items))  # error: TL-WEB-REFLECTED-XSS


class TagView(View):
    template_name = "blog/tag.html"

    def get(self, request, tag):
        heading = mark_safe("<h2>Posts tagged %s</h2>" % tag)  # error: TL-B308
        return render(request, self.template_name, {"posts": posts_tagged(tag), "heading": heading})


def post_detail(request, pk):
    post = get_object_or_404(Post, pk=pk)
    return render(request, "blog/post.html", {"post": post})


def attachment(request, name):
    return FileResponse(open(attachment_path(name), "rb"), as_attachment=True)  # error: TL-WEB-PATH-TRAVERSAL


class LanguageView(NextURLMixin, View):
    def post(self, request):
        request.session["language"] = request.POST.get("language", "en")
        return redirect(self.get_next_url())  # error: TL-WEB-OPEN-REDIRECT
