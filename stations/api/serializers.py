from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer

from ..models import ServiceRecord, ServiceStation, StationContact, StationReview, StationService


class StationServiceSerializer(ScopedModelSerializer):
    class Meta:
        model = StationService
        fields = ["id", "station", "category", "offered", "created", "updated"]
        read_only_fields = ["created", "updated"]
        validators = []  # the model's constraint answers with a message that names the clash


class StationContactSerializer(ScopedModelSerializer):
    class Meta:
        model = StationContact
        fields = ["id", "station", "name", "role", "phone", "created", "updated"]
        read_only_fields = ["created", "updated"]


class ServiceStationSerializer(ScopedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:servicestation-detail")
    services = StationServiceSerializer(many=True, read_only=True)
    contacts = StationContactSerializer(many=True, read_only=True)
    photos = serializers.SerializerMethodField(help_text="Photo URLs, served only within the reader's scope.")
    open_days = serializers.CharField(
        required=False, allow_blank=True, help_text="ISO weekday digits, e.g. 12345 for Monday to Friday."
    )

    class Meta:
        model = ServiceStation
        fields = [
            "id", "url", "name", "host", "address", "latitude", "longitude", "floor_area", "open_days", "opens_at",
            "closes_at", "full_time_staff", "part_time_staff", "volunteers", "funding_source", "status",
            "status_changed_on", "notes", "services", "contacts", "photos", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["created", "updated"]
        validators = []

    def get_photos(self, obj) -> list[str]:
        request = self.context.get("request")
        urls = [photo.get_absolute_url() for photo in obj.photos.all()]
        return [request.build_absolute_uri(u) for u in urls] if request else urls


class StationReviewSerializer(ScopedModelSerializer):
    tier_display = serializers.CharField(source="get_tier_display", read_only=True)

    class Meta:
        model = StationReview
        fields = [
            "id", "station", "year", "reviewed_on", "reviewer", "has_sign", "good_location", "has_facilities",
            "has_services", "rules_posted", "listed_publicly", "tier", "tier_display", "notes", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["tier", "has_services", "created", "updated"]
        validators = []


class ServiceRecordSerializer(ScopedModelSerializer):
    class Meta:
        model = ServiceRecord
        fields = [
            "id", "station", "date", "category", "workers_served", "unions", "description", "follow_up_needed",
            "follow_up_done", "follow_up_done_on", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["created", "updated"]
