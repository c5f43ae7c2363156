"""Forms of rubrics, acceptance reports, inspections, findings and rectifications."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.scope import CHANGE
from core.widgets import RecordPicker
from orgs.choices import RoleKind
from orgs.models import Organisation

from .acceptance_services import check_inspectors
from .models import (
    AcceptanceReport,
    Finding,
    GradeBand,
    Inspection,
    InspectionPlan,
    Rectification,
    Rubric,
    RubricItem,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def inspector_users():
    return (
        get_user_model().objects.filter(roles__kind=RoleKind.INSPECTOR, is_active=True).distinct().order_by("username")
    )


class InspectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full}（{obj.get_username()}）" if full else obj.get_username()


def org_picker(form, name, **kwargs):
    field = form.fields[name]
    field.widget = RecordPicker(Organisation, scope=kwargs.pop("scope", "change"), **kwargs)
    field.widget.choices = field.choices


class RubricForm(ScopedModelForm):
    class Meta:
        model = Rubric
        fields = ["owner", "name", "version", "description", "deduction_points", "deduction_cap"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        org_picker(self, "owner", parents=True)


class RubricItemForm(ScopedModelForm):
    class Meta:
        model = RubricItem
        fields = ["order", "group", "text", "max_score", "is_gate", "is_bonus", "evidence_required", "figure_key",
                  "thresholds"]  # fmt: skip
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .acceptance_figures import figure_choices

        choices = figure_choices()
        if choices:
            self.fields["figure_key"] = forms.ChoiceField(
                label=_("关联指标"), choices=[("", "—"), *choices], required=False
            )
        self.fields["thresholds"].required = False


class GradeBandForm(ScopedModelForm):
    class Meta:
        model = GradeBand
        fields = ["name", "min_score"]


RubricItemFormSet = inlineformset_factory(Rubric, RubricItem, form=RubricItemForm, extra=1, can_delete=True)
GradeBandFormSet = inlineformset_factory(Rubric, GradeBand, form=GradeBandForm, extra=1, can_delete=True)


class InspectorsMixin:
    """The inspectors field: users with the inspector role whose read scope covers the organisation."""

    org_field = "organisation"

    def setup_inspectors(self):
        field = self.fields["inspectors"]
        self.fields["inspectors"] = InspectorChoiceField(
            queryset=inspector_users(), required=False, label=field.label, widget=forms.CheckboxSelectMultiple,
            help_text=_("只能指派可查看该单位的检查验收人员。"),
        )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get(self.org_field)
        inspectors = cleaned.get("inspectors")
        if organisation is not None and inspectors:
            try:
                check_inspectors(organisation, inspectors)
            except ValidationError as exc:
                self.add_error("inspectors", exc.message_dict["inspectors"])
        return cleaned


class AcceptanceReportForm(InspectorsMixin, ScopedModelForm):
    class Meta:
        model = AcceptanceReport
        fields = ["organisation", "year", "rubric", "inspection", "inspectors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        org_picker(self, "organisation")
        self.setup_inspectors()
        self.fields["inspection"].queryset = Inspection.objects.restrict(self.user, CHANGE).select_related(
            "organisation", "plan"
        )
        self.fields["rubric"].queryset = Rubric.objects.restrict(self.user).select_related("owner")


class InspectionPlanForm(ScopedModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["organisation", "year", "name", "rubric", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        org_picker(self, "organisation", parents=True)
        self.fields["rubric"].queryset = Rubric.objects.restrict(self.user)


class InspectionForm(InspectorsMixin, ScopedModelForm):
    class Meta:
        model = Inspection
        fields = ["plan", "organisation", "inspectors", "visit_on", "state", "note"]
        widgets = {"visit_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        org_picker(self, "organisation", scope="view")
        self.setup_inspectors()


class FindingForm(ScopedModelForm):
    class Meta:
        model = Finding
        fields = ["inspection", "item", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = Inspection.assigned_to(self.user).select_related("organisation", "plan")
        self.fields["item"].queryset = RubricItem.objects.restrict(self.user).select_related("rubric")
        inspection_id = self.initial.get("inspection") or self.instance.inspection_id
        if inspection_id:
            plan = InspectionPlan.objects.filter(inspections=inspection_id).first()
            if plan is not None:
                self.fields["item"].queryset = self.fields["item"].queryset.filter(rubric_id=plan.rubric_id)


class RectificationForm(ScopedModelForm):
    class Meta:
        model = Rectification
        fields = ["finding", "requirement", "responsible", "deadline"]
        widgets = {"deadline": DATE, "requirement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = Finding.objects.restrict(self.user, CHANGE).select_related(
            "inspection__organisation"
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(forms.Form):
    note = forms.CharField(label=_("核查意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
