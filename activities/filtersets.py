import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import PortalFilterSet, choice_filter
from orgs.filtersets import SubtreeFilter

from .choices import ActivityCategory
from .models import Activity

PLACE_CHOICES = [("station", _("在服务站")), ("home", _("在职工之家")), ("none", _("未使用站、家"))]


class ActivityFilterSet(PortalFilterSet):
    search_fields = ("title", "organisation__name")

    category = choice_filter(ActivityCategory.choices, _("活动类别"), checkboxes=True)
    within = SubtreeFilter("organisation__", label=_("主办工会范围（含全部下级）"))
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = choice_filter(PLACE_CHOICES, _("场所"), checkboxes=True, method="filter_place")
    station = django_filters.NumberFilter(field_name="station_id", widget=forms.HiddenInput)
    home = django_filters.NumberFilter(field_name="home_id", widget=forms.HiddenInput)

    class Meta:
        model = Activity
        fields = ["q", "search", "category", "within", "date_from", "date_to", "place", "station", "home"]

    def filter_place(self, queryset, name, value):
        from functools import reduce
        from operator import or_

        from django.db.models import Q

        parts = {
            "station": Q(station__isnull=False),
            "home": Q(home__isnull=False),
            "none": Q(station__isnull=True, home__isnull=True),
        }
        chosen = [parts[v] for v in value or () if v in parts]
        return queryset.filter(reduce(or_, chosen)) if chosen else queryset
