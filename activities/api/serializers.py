from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer

from ..models import Activity


class ActivitySerializer(ScopedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:activity-detail")
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id", "url", "title", "date", "category", "organisation", "station", "home", "participants",
            "description", "photos", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["created", "updated"]

    def get_photos(self, obj) -> list[str]:
        request = self.context.get("request")
        return [request.build_absolute_uri(p.get_absolute_url()) for p in obj.photos.all()]
