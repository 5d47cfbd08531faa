import subprocess

import requests
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Comment
from .serializers import CommentSerializer


class ExportView(APIView):
    def post(self, request):
        fmt = request.data.get("format", "json")
        result = subprocess.run(f"python manage.py dumpdata blog --format {fmt}", shell=True, capture_output=True, text=True)  # error: TL-B602
        return Response({"output": result.stdout})


class CommentViewSet(viewsets.ViewSet):
    def list(self, request):
        author = request.query_params.get("author", "")
        comments = Comment.objects.extra(where=["author = '%s'" % author])  # error: TL-B610
        return Response([{"id": c.id, "author": c.author, "body": c.body} for c in comments])

    def create(self, request):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        avatar = requests.get(serializer.validated_data.pop("avatar_url"), timeout=5)  # error: TL-WEB-SSRF
        comment = serializer.save(avatar=avatar.content)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
