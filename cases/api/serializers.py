from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer

from ..choices import Measure
from ..models import Case


class CaseSerializer(ScopedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:case-detail")
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    measures = serializers.ListField(
        source="measure_list", child=serializers.ChoiceField(choices=Measure.choices), read_only=True
    )
    photos = serializers.SerializerMethodField(help_text="Photos with captions, served only to readers of the case.")

    class Meta:
        model = Case
        fields = [
            "id", "url", "title", "organisation", "summary", "body", "measures", "unions", "stations", "homes",
            "groups", "state", "state_display", "submitted_at", "published_at", "return_reason", "photos", "created",
            "updated",
        ]  # fmt: skip
        read_only_fields = fields

    def get_photos(self, obj) -> list[dict]:
        request = self.context.get("request")
        rows = []
        for photo in obj.photos.all():
            url = photo.get_absolute_url()
            rows.append({"url": request.build_absolute_uri(url) if request else url, "caption": photo.caption})
        return rows
