"""FilterSets of the inspection and acceptance records: one each for the HTML list, the API and the tests."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import PortalFilterSet, choice_filter
from core.scope import subtree_q
from orgs.filtersets import SubtreeFilter

from .acceptance_choices import InspectionState, ItemGroup, RectificationStatus, ReportState
from .models import AcceptanceReport, Finding, Inspection, InspectionPlan, Rectification, Rubric


class RubricFilterSet(PortalFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = Rubric
        fields = ["q", "search", "version"]


class AcceptanceReportFilterSet(PortalFilterSet):
    search_fields = ("organisation__name",)

    within = SubtreeFilter("organisation__")
    state = choice_filter(ReportState.choices, _("状态"), checkboxes=True)
    year = django_filters.NumberFilter(label=_("年度"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("指派给我的"))
    plan = django_filters.NumberFilter(method="filter_plan", label=_("检查计划编号"))

    class Meta:
        model = AcceptanceReport
        fields = ["q", "search", "within", "year", "state", "rubric", "grade", "gate_failed", "mine", "plan"]

    def filter_plan(self, queryset, name, value):
        """A plan's results: reports of its year on its rubric for unions within the plan's organisation."""
        plan = InspectionPlan.objects.select_related("organisation").filter(pk=value).first()
        if plan is None:
            return queryset.none()
        org = plan.organisation
        return queryset.filter(subtree_q("organisation__", [org]), year=plan.year, rubric_id=plan.rubric_id)

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value and user is not None:
            return queryset.filter(pk__in=AcceptanceReport.inspectors.through.objects.filter(user=user).values(
                "acceptancereport_id"))  # fmt: skip
        return queryset


class InspectionPlanFilterSet(PortalFilterSet):
    search_fields = ("name", "organisation__name")

    within = SubtreeFilter("organisation__")
    year = django_filters.NumberFilter(label=_("年度"))

    class Meta:
        model = InspectionPlan
        fields = ["q", "search", "within", "year", "rubric"]


class InspectionFilterSet(PortalFilterSet):
    search_fields = ("organisation__name", "plan__name")

    within = SubtreeFilter("organisation__")
    state = choice_filter(InspectionState.choices, _("状态"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("指派给我的"))
    plan = django_filters.NumberFilter(field_name="plan_id", label=_("检查计划编号"))

    class Meta:
        model = Inspection
        fields = ["q", "search", "within", "plan", "state", "mine"]

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value and user is not None:
            return queryset.filter(inspectors=user)
        return queryset


class FindingFilterSet(PortalFilterSet):
    search_fields = ("text", "inspection__organisation__name")

    within = SubtreeFilter("inspection__organisation__")
    group = choice_filter(ItemGroup.choices, _("类别"), field_name="item__group")
    inspection = django_filters.NumberFilter(field_name="inspection_id", label=_("检查编号"))

    class Meta:
        model = Finding
        fields = ["q", "search", "within", "inspection", "group"]


class RectificationFilterSet(PortalFilterSet):
    search_fields = ("requirement", "responsible", "organisation__name")

    within = SubtreeFilter("organisation__")
    status = choice_filter(RectificationStatus.choices, _("状态"), checkboxes=True)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("已逾期"))

    class Meta:
        model = Rectification
        fields = ["q", "search", "within", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is True:
            return queryset.overdue()
        if value is False:
            return queryset.exclude(pk__in=queryset.overdue().values("pk"))
        return queryset
