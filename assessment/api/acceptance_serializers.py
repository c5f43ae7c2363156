from django.contrib.auth import get_user_model
from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from core.api.viewsets import AttachmentSerializer
from orgs.choices import RoleKind

from ..models import (
    AcceptanceReport,
    Finding,
    GradeBand,
    Inspection,
    InspectionPlan,
    Rectification,
    ReportItem,
    Rubric,
    RubricItem,
)


def inspector_field():
    queryset = get_user_model().objects.filter(roles__kind=RoleKind.INSPECTOR).distinct()
    return serializers.PrimaryKeyRelatedField(
        many=True, queryset=queryset, required=False, help_text="User ids of the assigned inspectors."
    )


class RubricItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricItem
        fields = ["id", "order", "group", "text", "max_score", "is_gate", "is_bonus", "evidence_required",
                  "figure_key", "thresholds"]  # fmt: skip


class GradeBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeBand
        fields = ["id", "name", "min_score"]


class RubricSerializer(ScopedModelSerializer):
    items = RubricItemSerializer(many=True, read_only=True)
    bands = GradeBandSerializer(many=True, read_only=True)
    frozen = serializers.BooleanField(source="is_frozen", read_only=True)

    class Meta:
        model = Rubric
        fields = ["id", "owner", "name", "version", "previous", "description", "deduction_points", "deduction_cap",
                  "frozen", "items", "bands", "created", "updated"]  # fmt: skip
        read_only_fields = ["previous", "created", "updated"]
        validators = []


class AcceptanceReportSerializer(ScopedModelSerializer):
    inspectors = inspector_field()

    class Meta:
        model = AcceptanceReport
        fields = [
            "id", "organisation", "year", "rubric", "inspection", "state", "inspectors", "self_total",
            "accepted_total", "grade", "gate_failed", "spot_check_failures", "self_assessed_by", "submitted_at",
            "scored_by", "scored_at", "decided_by", "decided_at", "comment", "created", "updated",
        ]  # fmt: skip
        read_only_fields = [
            "state", "self_total", "accepted_total", "grade", "gate_failed", "spot_check_failures",
            "self_assessed_by", "submitted_at", "scored_by", "scored_at", "decided_by", "decided_at", "comment",
            "created", "updated",
        ]  # fmt: skip
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        # Reports are about unions in the reader's write scope, on any rubric they can read.
        fields["rubric"].queryset = Rubric.objects.all()
        return fields


class ReportItemSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id", read_only=True)
    group = serializers.CharField(source="item.group", read_only=True)
    text = serializers.CharField(source="item.text", read_only=True)
    max_score = serializers.DecimalField(source="item.max_score", max_digits=5, decimal_places=1, read_only=True)
    is_gate = serializers.BooleanField(source="item.is_gate", read_only=True)
    is_bonus = serializers.BooleanField(source="item.is_bonus", read_only=True)
    evidence = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ReportItem
        fields = ["id", "item", "group", "text", "max_score", "is_gate", "is_bonus", "self_score", "accepted_score",
                  "note", "inspector_note", "spot_check_failed", "evidence", "updated"]  # fmt: skip


class ReportItemWriteSerializer(serializers.Serializer):
    self_score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, required=False)
    accepted_score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, required=False)
    note = serializers.CharField(allow_blank=True, required=False)
    inspector_note = serializers.CharField(allow_blank=True, required=False)
    spot_check_failed = serializers.BooleanField(required=False)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True)


class InspectionPlanSerializer(ScopedModelSerializer):
    class Meta:
        model = InspectionPlan
        fields = ["id", "organisation", "year", "name", "rubric", "starts_on", "ends_on", "created", "updated"]
        read_only_fields = ["created", "updated"]

    def get_fields(self):
        fields = super().get_fields()
        fields["rubric"].queryset = Rubric.objects.all()
        return fields


class InspectionSerializer(ScopedModelSerializer):
    inspectors = inspector_field()

    class Meta:
        model = Inspection
        fields = ["id", "plan", "organisation", "inspectors", "visit_on", "state", "note", "created", "updated"]
        read_only_fields = ["created", "updated"]

    def get_fields(self):
        fields = super().get_fields()
        from orgs.models import Organisation

        # The inspected union may lie anywhere the plan reaches; the plan itself must be one the caller runs.
        request = self.context.get("request")
        fields["organisation"].queryset = Organisation.objects.restrict(getattr(request, "user", None))
        return fields


class FindingSerializer(ScopedModelSerializer):
    photos = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "inspection", "item", "text", "recorded_by", "photos", "created", "updated"]
        read_only_fields = ["recorded_by", "created", "updated"]

    def get_fields(self):
        fields = super().get_fields()
        fields["item"].queryset = RubricItem.objects.all()
        return fields


class RectificationSerializer(ScopedModelSerializer):
    overdue = serializers.BooleanField(read_only=True)
    evidence = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Rectification
        fields = ["id", "finding", "organisation", "requirement", "responsible", "deadline", "status", "overdue",
                  "answer", "answered_by", "answered_at", "verified_by", "verified_at", "verify_note", "evidence",
                  "created", "updated"]  # fmt: skip
        read_only_fields = ["organisation", "status", "answer", "answered_by", "answered_at", "verified_by",
                            "verified_at", "verify_note", "created", "updated"]  # fmt: skip


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True)


class VerifySerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True)
