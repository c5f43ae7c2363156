from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from core.scope import CHANGE, can

from ..models import (
    AppraisalIndicator,
    AppraisalScore,
    Cadre,
    CadreAppraisal,
    CadreTraining,
    ContactAssignment,
    ContactLog,
    score_error,
)
from ..validators import mask_phone


class CadreTrainingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CadreTraining
        fields = ["id", "date", "course", "organiser", "hours", "certificate"]
        read_only_fields = ["id"]


class CadreSerializer(ScopedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:cadre-detail")
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    post_display = serializers.CharField(source="get_post_display", read_only=True)
    is_current = serializers.BooleanField(read_only=True)
    trainings = CadreTrainingSerializer(
        many=True, required=False, help_text="Training records; when sent, they replace the stored ones."
    )

    class Meta:
        model = Cadre
        fields = [
            "id", "url", "organisation", "organisation_name", "name", "gender", "ethnicity", "post", "post_display",
            "employment", "selection", "appointed_on", "left_on", "is_current", "phone", "note", "trainings",
            "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["created", "updated"]
        extra_kwargs = {
            "phone": {"help_text": "Masked (138****5678) unless the caller may change this cadre."},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        may_edit = getattr(instance, "may_edit", None)
        if may_edit is None:
            request = self.context.get("request")
            may_edit = can(getattr(request, "user", None), instance, CHANGE) if instance.pk else False
        if not may_edit:
            data["phone"] = mask_phone(instance.phone)
        return data


class AppraisalScoreSerializer(serializers.ModelSerializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=AppraisalIndicator.objects.all())
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    max_score = serializers.DecimalField(source="indicator.max_score", max_digits=5, decimal_places=1, read_only=True)

    class Meta:
        model = AppraisalScore
        fields = ["indicator", "indicator_name", "max_score", "score"]

    def validate(self, attrs):
        message = score_error(attrs.get("indicator"), attrs.get("score"))
        if message:
            raise serializers.ValidationError({"score": [message]})
        return attrs


class CadreAppraisalSerializer(ScopedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:cadreappraisal-detail")
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    # A plain string: the same choices on `grade_override` already name the enum in the OpenAPI schema.
    grade = serializers.CharField(read_only=True, help_text="Derived: excellent, competent, basic or incompetent.")
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)
    scores = AppraisalScoreSerializer(
        many=True, required=False, help_text="One score per active indicator; when sent, they replace the stored ones."
    )

    class Meta:
        model = CadreAppraisal
        fields = [
            "id", "url", "cadre", "cadre_name", "year", "scores", "total", "grade", "grade_display",
            "grade_override", "override_reason", "appraised_by", "appraised_on", "comment", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["total", "grade", "appraised_by", "created", "updated"]
        # The one-per-year rule answers from the model's clean() with the cadre's name.
        validators = []

    def validate(self, attrs):
        if self.instance is None and "scores" not in attrs:
            raise serializers.ValidationError({"scores": [_("请填写各项考核指标的得分。")]})
        return attrs


class ContactAssignmentSerializer(ScopedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:contactassignment-detail")
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)

    class Meta:
        model = ContactAssignment
        fields = [
            "id", "url", "cadre", "cadre_name", "union", "union_name", "start_on", "end_on", "note", "created",
            "updated",
        ]  # fmt: skip
        read_only_fields = ["created", "updated"]


class ContactLogSerializer(ScopedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:contactlog-detail")
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)

    class Meta:
        model = ContactLog
        fields = [
            "id", "url", "cadre", "cadre_name", "union", "union_name", "date", "way", "workers_reached", "issues",
            "follow_up", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["created", "updated"]


class AppraisalIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = AppraisalIndicator
        fields = ["id", "name", "max_score", "order", "active", "description"]
