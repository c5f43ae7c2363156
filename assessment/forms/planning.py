from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.scope import VIEW
from core.widgets import RecordPicker
from orgs.models import Organisation

from ..models.planning import (
    PLAN_LEVELS,
    CoordinationGroup,
    GroupMember,
    PlanIndicator,
    ResourceAllocation,
    Target,
    TargetPlan,
    figure_choices,
)


class TargetPlanForm(ScopedModelForm):
    class Meta:
        model = TargetPlan
        fields = ["issuer", "year", "name", "parent", "note"]
        widgets = {
            "issuer": RecordPicker(Organisation, scope="change", level=PLAN_LEVELS),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the plan cascaded is the level above's: the reader sees it without being able to change it
        self.fields["parent"].queryset = TargetPlan.objects.restrict(self.user, VIEW).select_related("issuer")
        self.fields["parent"].label_from_instance = lambda plan: f"{plan.issuer.name} · {plan}"


class PlanIndicatorForm(ScopedModelForm):
    figure = forms.ChoiceField(label=_("统计指标"), required=False)

    class Meta:
        model = PlanIndicator
        fields = ["figure", "name", "unit", "value", "value_class_1", "value_class_2", "value_class_3"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = [("", _("（自定义指标，手工填报完成情况）")), *figure_choices()]
        self.fields["figure"].help_text = PlanIndicator._meta.get_field("figure").help_text


PlanIndicatorFormSet = inlineformset_factory(
    TargetPlan, PlanIndicator, form=PlanIndicatorForm, extra=2, can_delete=True
)


class TargetForm(ScopedModelForm):
    class Meta:
        model = Target
        fields = ["indicator", "organisation", "value", "measured", "note"]
        widgets = {
            "organisation": RecordPicker(Organisation, scope="change"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        field.queryset = field.queryset.select_related("plan__issuer")
        field.label_from_instance = lambda i: f"{i.plan.issuer.name} · {i.plan} · {i.display_name}"


class CoordinationGroupForm(ScopedModelForm):
    sections = (
        (_("领导小组"), ("organisation", "name", "leader_name", "leader_post", "established_on")),
        (_("办公室"), ("office_name", "office_head", "office_phone", "responsibilities")),
    )

    class Meta:
        model = CoordinationGroup
        fields = [
            "organisation", "name", "leader_name", "leader_post", "established_on", "office_name", "office_head",
            "office_phone", "responsibilities",
        ]  # fmt: skip
        widgets = {
            "organisation": RecordPicker(Organisation, scope="change"),
            "established_on": forms.DateInput(attrs={"type": "date"}),
            "responsibilities": forms.Textarea(attrs={"rows": 3}),
        }


class GroupMemberForm(ScopedModelForm):
    class Meta:
        model = GroupMember
        fields = ["name", "post", "duty", "phone"]


GroupMemberFormSet = inlineformset_factory(
    CoordinationGroup, GroupMember, form=GroupMemberForm, extra=3, can_delete=True
)


class ResourceAllocationForm(ScopedModelForm):
    sections = (
        (_("配置"), ("giver", "year", "kind")),
        (_("配置对象（选一项）"), ("target", "union", "station", "home")),
        (_("内容"), ("amount", "source", "staff", "venue", "area", "note")),
    )

    class Meta:
        model = ResourceAllocation
        fields = ["giver", "year", "kind", "target", "union", "station", "home", "amount", "source", "staff",
                  "venue", "area", "note"]  # fmt: skip
        widgets = {
            "giver": RecordPicker(Organisation, scope="change"),
            "union": RecordPicker(Organisation, scope="change"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from homes.models import WorkersHome
        from stations.models import ServiceStation

        self.fields["station"].widget = RecordPicker(ServiceStation, scope="change")
        self.fields["home"].widget = RecordPicker(WorkersHome, scope="change")
        target = self.fields["target"]
        target.queryset = target.queryset.select_related("organisation", "indicator__plan")
        self.fields["station"].widget.choices = self.fields["station"].choices
        self.fields["home"].widget.choices = self.fields["home"].choices
