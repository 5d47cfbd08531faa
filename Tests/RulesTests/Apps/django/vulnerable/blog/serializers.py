from rest_framework import serializers

from .models import Comment


class CommentSerializer(serializers.ModelSerializer):
    avatar_url = serializers.URLField(write_only=True)

    class Meta:
        model = Comment
        fields = ["id", "post", "author", "body", "avatar_url"]
