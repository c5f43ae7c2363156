from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import PortalFilterSet, choice_filter
from groups.models import Group
from orgs.filtersets import SubtreeFilter

from .choices import CaseState, Measure
from .models import Case
from .selectors import involving_q, within_q


def measure_q(code):
    """The stored comma list holds `code` as one of its items."""
    return (
        Q(measures=code)
        | Q(measures__startswith=f"{code},")
        | Q(measures__endswith=f",{code}")
        | Q(measures__contains=f",{code},")
    )


class CaseWithinFilter(SubtreeFilter):
    """`within=<organisation id>`: cases of that subtree's units or involving a union in it."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(within_q(value))


class CaseFilterSet(PortalFilterSet):
    search_fields = ("title", "summary", "body")

    q = django_filters.CharFilter(method="filter_search", label=_("标题、摘要或正文"))
    state = choice_filter(CaseState.choices, _("状态"), checkboxes=True)
    measure = choice_filter(Measure.choices, _("措施类别"), checkboxes=True, method="filter_measure")
    group = django_filters.ModelChoiceFilter(
        field_name="groups", queryset=Group.objects.select_related("group_set"), label=_("分类指导分组")
    )
    within = CaseWithinFilter(label=_("单位范围（含全部下级及涉及的工会）"))
    union = django_filters.NumberFilter(method="filter_union", widget=forms.HiddenInput)
    station = django_filters.NumberFilter(field_name="stations", widget=forms.HiddenInput)
    home = django_filters.NumberFilter(field_name="homes", widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["q", "search", "state", "measure", "group", "within", "union", "station", "home"]

    def filter_measure(self, queryset, name, value):
        chosen = [measure_q(code) for code in value or ()]
        return queryset.filter(reduce(or_, chosen)) if chosen else queryset

    def filter_union(self, queryset, name, value):
        return queryset if value is None else queryset.filter(involving_q(int(value)))
