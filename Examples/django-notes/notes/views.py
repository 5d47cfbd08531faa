"""The notes app's views, with the bugs Django apps really ship (each marked `planted:`)."""
import os
import pickle

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Note


@login_required
def note_list(request):
    notes = Note.objects.filter(owner=request.user).order_by("-created")
    return render(request, "notes/list.html", {"notes": notes})


@login_required
def search(request):
    q = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, title FROM notes_note WHERE title LIKE '%{q}%'")  # planted: CWE-89
        rows = cursor.fetchall()
    return render(request, "notes/search.html", {"rows": rows, "q": q})


@login_required
def tagged(request):
    tag = request.GET.get("tag", "")
    notes = Note.objects.raw("SELECT * FROM notes_note WHERE body LIKE '%%#" + tag + "%%'")  # planted: CWE-89
    return render(request, "notes/list.html", {"notes": notes})


@login_required
def preview(request):
    # Shows the draft exactly as typed, markup included.
    draft = mark_safe(request.POST.get("body", ""))  # planted: CWE-79
    return render(request, "notes/preview.html", {"draft": draft})


@login_required
def note_detail(request, pk):
    note = get_object_or_404(Note, pk=pk, owner=request.user)
    return render(request, "notes/detail.html", {"note": note})


@csrf_exempt
@require_POST
@login_required
def delete_note(request, pk):  # planted: CWE-352 (the @csrf_exempt above)
    Note.objects.filter(pk=pk, owner=request.user).delete()
    return redirect("note-list")


@login_required
def download(request):
    name = request.GET.get("name", "")
    return FileResponse(open(os.path.join(settings.ATTACHMENTS_DIR, name), "rb"))  # planted: CWE-22


def preferences(request):
    raw = request.COOKIES.get("prefs")
    prefs = pickle.loads(bytes.fromhex(raw)) if raw else {}  # planted: CWE-502
    return HttpResponse(f"theme: {prefs.get('theme', 'light')}", content_type="text/plain")


def login_view(request):
    if request.method == "POST":
        user = authenticate(request, username=request.POST.get("username"), password=request.POST.get("password"))
        if user is not None:
            login(request, user)
            return redirect(request.GET.get("next", "/"))  # planted: CWE-601
    return render(request, "notes/login.html")
