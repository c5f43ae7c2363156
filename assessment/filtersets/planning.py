import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import PortalFilterSet, choice_filter
from orgs.filtersets import SubtreeFilter

from ..models.planning import CoordinationGroup, Duty, ResourceAllocation, ResourceKind, Target, TargetPlan


class TargetPlanFilterSet(PortalFilterSet):
    search_fields = ("name", "issuer__name")

    year = django_filters.NumberFilter(label=_("年度"))
    within = SubtreeFilter("issuer__")

    class Meta:
        model = TargetPlan
        fields = ["q", "search", "year", "within"]


class TargetFilterSet(PortalFilterSet):
    search_fields = ("organisation__name", "indicator__name", "indicator__plan__name")

    year = django_filters.NumberFilter(field_name="indicator__plan__year", label=_("年度"))
    plan = django_filters.NumberFilter(field_name="indicator__plan", label=_("目标计划"))
    figure = django_filters.CharFilter(field_name="indicator__figure", label=_("统计指标"))
    indicator = django_filters.NumberFilter(field_name="indicator", label=_("目标指标"))
    organisation = django_filters.NumberFilter(field_name="organisation", label=_("责任单位编号"))
    within = SubtreeFilter("organisation__")

    class Meta:
        model = Target
        fields = ["q", "search", "year", "plan", "figure", "within", "organisation", "indicator"]


class CoordinationGroupFilterSet(PortalFilterSet):
    search_fields = ("name", "organisation__name", "leader_name", "members__name")

    within = SubtreeFilter("organisation__")
    duty = choice_filter(Duty.choices, _("成员职责"), method="filter_duty")

    class Meta:
        model = CoordinationGroup
        fields = ["q", "search", "within", "duty"]

    def filter_duty(self, queryset, name, value):
        return queryset.filter(members__duty__in=value).distinct() if value else queryset


class ResourceAllocationFilterSet(PortalFilterSet):
    search_fields = ("organisation__name", "giver__name", "venue", "note")

    year = django_filters.NumberFilter(label=_("年度"))
    kind = choice_filter(ResourceKind.choices, _("类别"), checkboxes=True)
    target = django_filters.NumberFilter(field_name="target", label=_("目标编号"))
    within = SubtreeFilter("organisation__")

    class Meta:
        model = ResourceAllocation
        fields = ["q", "search", "year", "kind", "within", "target"]
