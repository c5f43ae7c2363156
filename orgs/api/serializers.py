from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer, ScopedSerializer

from ..models import Organisation


class OrganisationSerializer(ScopedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:organisation-detail")
    path = serializers.SerializerMethodField(help_text="Names of the ancestors, top first.")
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "url",
            "name",
            "short_name",
            "level",
            "level_display",
            "parent",
            "path",
            "division_code",
            "credit_code",
            "industry",
            "ownership",
            "region_type",
            "region_class",
            "address",
            "contact_person",
            "contact_phone",
            "status",
            "status_changed_on",
            "merged_into",
            "created",
            "updated",
        ]
        read_only_fields = ["status", "status_changed_on", "merged_into", "created", "updated"]
        # Uniqueness is checked by the model's clean() and constraints (through the service) with messages
        # that name the clash; DRF's own checks would answer first with a generic one.
        validators = []
        extra_kwargs = {"credit_code": {"validators": []}}

    def get_path(self, obj) -> list[str]:
        return [node.name for node in obj.path()[:-1]]


class DissolveSerializer(ScopedSerializer):
    on = serializers.DateField(required=False)
    merged_into = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), required=False)
