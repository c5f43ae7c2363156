from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer

from ..models import (
    AnnualReturn,
    CoveredEmployer,
    Registration,
    ReturnPeriod,
    SixHasEvidence,
    SixHasItem,
    UnorganisedEmployer,
)


class CoveredEmployerSerializer(ScopedModelSerializer):
    class Meta:
        model = CoveredEmployer
        fields = ["id", "registration", "name", "credit_code", "ownership", "industry", "employees", "created",
                  "updated"]  # fmt: skip
        read_only_fields = ["created", "updated"]


class RegistrationSerializer(ScopedModelSerializer):
    covered_employers = CoveredEmployerSerializer(many=True, read_only=True)
    total_employees = serializers.IntegerField(read_only=True, allow_null=True)
    membership_rate = serializers.FloatField(
        read_only=True, allow_null=True, help_text="members / employees of all covered units; null without employees"
    )

    class Meta:
        model = Registration
        exclude = []
        read_only_fields = ["next_election_due", "created", "updated"]
        validators = []  # one registration per union: the model's unique check answers, in the user's words

    def get_fields(self):
        fields = super().get_fields()
        fields["organisation"].validators = []
        return fields


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = SixHasEvidence
        fields = ["id", "url", "original_name", "content_type", "size", "caption", "created"]


class SixHasItemSerializer(ScopedModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = SixHasItem
        fields = ["id", "organisation", "item", "state", "note", "override_reason", "assessed_by", "assessed_on",
                  "evidence", "created", "updated"]  # fmt: skip
        read_only_fields = ["assessed_by", "created", "updated"]
        validators = []


class AnnualReturnSerializer(ScopedModelSerializer):
    period_state = serializers.CharField(source="period.state", read_only=True)

    class Meta:
        model = AnnualReturn
        fields = [
            "id", "organisation", "year", "period", "period_state", "employees", "members", "female_members",
            "migrant_members", "new_forms_members", "funds_committee", "women_committee", "six_has_met", "note",
            "created", "updated",
        ]  # fmt: skip
        # derived from the six-has items and the registration when the return is filed
        read_only_fields = ["period", "six_has_met", "funds_committee", "women_committee", "created", "updated"]
        validators = []


class ReturnPeriodSerializer(ScopedModelSerializer):
    class Meta:
        model = ReturnPeriod
        fields = ["id", "unit", "year", "state", "due_on", "submitted_by", "submitted_at", "decided_by",
                  "decided_at", "comment"]  # fmt: skip
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True)


class UnorganisedEmployerSerializer(ScopedModelSerializer):
    class Meta:
        model = UnorganisedEmployer
        fields = [
            "id", "area", "name", "credit_code", "employees", "industry", "ownership", "address", "contact_person",
            "contact_phone", "status", "status_on", "union", "note", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["created", "updated"]
