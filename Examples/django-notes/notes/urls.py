from django.urls import path

from . import views

urlpatterns = [
    path("", views.note_list, name="note-list"),
    path("search/", views.search, name="search"),
    path("tagged/", views.tagged, name="tagged"),
    path("preview/", views.preview, name="preview"),
    path("notes/<int:pk>/", views.note_detail, name="note-detail"),
    path("notes/<int:pk>/delete/", views.delete_note, name="delete-note"),
    path("attachments/", views.download, name="download"),
    path("prefs/", views.preferences, name="preferences"),
    path("login/", views.login_view, name="login"),
]
