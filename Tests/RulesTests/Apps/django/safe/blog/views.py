from django.db import connection
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.views import View

from .mixins import NextURLMixin
from .models import Post
from .queries import attachment_path, posts_tagged


def search(request):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title FROM blog_post WHERE title LIKE %s", ["%" + term + "%"])
        rows = cursor.fetchall()
    items = format_html_join("", "<li>{}</li>", ((title,) for _, title in rows))
    return HttpResponse(format_html("<h1>Results for {}</h1><ul>{}</ul>", term, items))


class TagView(View):
    template_name = "blog/tag.html"

    def get(self, request, tag):
        heading = format_html("<h2>Posts tagged {}</h2>", tag)
        return render(request, self.template_name, {"posts": posts_tagged(tag), "heading": heading})


def post_detail(request, pk):
    post = get_object_or_404(Post, pk=pk)
    return render(request, "blog/post.html", {"post": post})


def attachment(request, name):
    return FileResponse(open(attachment_path(name), "rb"), as_attachment=True)


class LanguageView(NextURLMixin, View):
    def post(self, request):
        request.session["language"] = request.POST.get("language", "en")
        return redirect(self.get_next_url())
