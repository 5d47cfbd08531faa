from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import api, views

router = DefaultRouter()
router.register(r"comments", api.CommentViewSet, basename="comment")

urlpatterns = [
    path("search/", views.search, name="search"),
    path("tags/<str:tag>/", views.TagView.as_view(), name="tag"),
    path("posts/<int:pk>/", views.post_detail, name="post-detail"),
    re_path(r"^attachments/(?P<name>.+)$", views.attachment, name="attachment"),
    path("language/", views.LanguageView.as_view(), name="set-language"),
    path("api/export/", api.ExportView.as_view(), name="export"),
    path("api/", include(router.urls)),
]
