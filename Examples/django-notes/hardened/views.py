"""The notes app's views written safely: each planted bug of notes/views.py fixed the standard way."""
import json

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notes.models import Note


@login_required
def note_list(request):
    notes = Note.objects.filter(owner=request.user).order_by("-created")
    return render(request, "hardened/list.html", {"notes": notes})


@login_required
def search(request):
    q = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title FROM notes_note WHERE title LIKE %s", [f"%{q}%"])
        rows = cursor.fetchall()
    return render(request, "hardened/search.html", {"rows": rows, "q": q})


@login_required
def tagged(request):
    tag = request.GET.get("tag", "")
    notes = Note.objects.raw("SELECT * FROM notes_note WHERE body LIKE %s", [f"%#{tag}%"])
    return render(request, "hardened/list.html", {"notes": notes})


@login_required
def preview(request):
    # The template escapes the draft.
    return render(request, "hardened/preview.html", {"draft": request.POST.get("body", "")})


@login_required
def note_detail(request, pk):
    note = get_object_or_404(Note, pk=pk, owner=request.user)
    return render(request, "hardened/detail.html", {"note": note})


@require_POST
@login_required
def delete_note(request, pk):
    Note.objects.filter(pk=pk, owner=request.user).delete()
    return redirect("note-list")


@login_required
def download(request):
    root = settings.ATTACHMENTS_DIR.resolve()
    target = (root / request.GET.get("name", "")).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404("no such attachment")
    return FileResponse(open(target, "rb"))


def preferences(request):
    try:
        prefs = json.loads(request.COOKIES.get("prefs", "{}"))
    except ValueError:
        prefs = {}
    theme = prefs.get("theme", "light") if isinstance(prefs, dict) else "light"
    return HttpResponse(f"theme: {theme}", content_type="text/plain")


def login_view(request):
    if request.method == "POST":
        user = authenticate(request, username=request.POST.get("username"), password=request.POST.get("password"))
        if user is not None:
            login(request, user)
            target = request.GET.get("next", "/")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
                target = "/"
            return redirect(target)
    return render(request, "hardened/login.html")
