from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer

from ..choices import FUNCTION_CODES, Function
from ..models import Facility, Honour, SatisfactionRating, WorkersHome


class FacilitySerializer(ScopedModelSerializer):
    functions = serializers.MultipleChoiceField(
        choices=Function.choices, required=False, help_text="Which of the six functions the facility provides."
    )
    multi_use = serializers.BooleanField(read_only=True, help_text="一室多用: provides two functions or more.")

    class Meta:
        model = Facility
        fields = ["id", "home", "kind", "name", "area", "functions", "multi_use", "created", "updated"]
        read_only_fields = ["created", "updated"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["functions"] = instance.functions  # in the policy's order, not a set
        return data

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "functions" in values:
            functions = values.pop("functions")
            for code in FUNCTION_CODES:
                values[code] = code in functions
        return values


class HonourSerializer(ScopedModelSerializer):
    class Meta:
        model = Honour
        fields = ["id", "home", "title", "level", "year", "override_reason", "created", "updated"]
        read_only_fields = ["created", "updated"]
        validators = []  # the model's constraint answers with a message that names the clash


class SatisfactionRatingSerializer(ScopedModelSerializer):
    class Meta:
        model = SatisfactionRating
        fields = ["id", "home", "year", "percent", "respondents", "created", "updated"]
        read_only_fields = ["created", "updated"]
        validators = []


class WorkersHomeSerializer(ScopedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:workershome-detail")
    facilities = FacilitySerializer(many=True, read_only=True)
    meets_standard = serializers.BooleanField(read_only=True, help_text="Covers all six functions (六位一体).")
    missing_functions = serializers.SerializerMethodField(help_text="Codes of the functions no facility provides.")
    volumes_met = serializers.BooleanField(read_only=True, allow_null=True, help_text="Bookroom holds 3,000+ volumes.")
    photos = serializers.SerializerMethodField()

    class Meta:
        model = WorkersHome
        fields = [
            "id", "url", "organisation", "name", "status", "status_date", "address", "latitude", "longitude", "book_volumes",
            "volumes_met", "bookroom_sign", "bookroom_dedicated", "bookroom_shelves", "bookroom_computer",
            "digital_reading", "digital_platform", "lending_rules", "bookroom_keeper", "note",
            "facilities", "meets_standard", "missing_functions", "photos", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["created", "updated"]
        validators = []
        extra_kwargs = {"organisation": {"validators": []}}

    def get_missing_functions(self, obj) -> list[str]:
        return [code for code, _label, providers in obj.function_coverage() if not providers]

    def get_photos(self, obj) -> list[str]:
        request = self.context.get("request")
        return [request.build_absolute_uri(p.get_absolute_url()) for p in obj.photos.all()]
