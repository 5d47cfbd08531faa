import io
from urllib.parse import urlparse

import requests
from django.core.management import call_command
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Comment
from .serializers import CommentSerializer

FORMATS = {"json", "xml", "yaml"}
AVATAR_HOSTS = {"avatars.githubusercontent.com", "www.gravatar.com"}


class ExportView(APIView):
    def post(self, request):
        fmt = request.data.get("format", "json")
        if fmt not in FORMATS:
            return Response({"error": "unknown format"}, status=status.HTTP_400_BAD_REQUEST)
        out = io.StringIO()
        call_command("dumpdata", "blog", format=fmt, stdout=out)
        return Response({"output": out.getvalue()})


class CommentViewSet(viewsets.ViewSet):
    def list(self, request):
        author = request.query_params.get("author", "")
        comments = Comment.objects.extra(where=["author = %s"], params=[author])
        return Response([{"id": c.id, "author": c.author, "body": c.body} for c in comments])

    def create(self, request):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        avatar_url = serializer.validated_data.pop("avatar_url")
        if urlparse(avatar_url).hostname not in AVATAR_HOSTS:
            return Response({"error": "avatar host not allowed"}, status=status.HTTP_400_BAD_REQUEST)
        avatar = requests.get(avatar_url, timeout=5, allow_redirects=False)
        comment = serializer.save(avatar=avatar.content)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
