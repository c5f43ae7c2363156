import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import LocatedFilterMixin, PortalFilterSet, choice_filter, scoped_queryset
from orgs.filtersets import SubtreeFilter

from .choices import FundingSource, ServiceCategory, StationStatus, Tier
from .models import ServiceRecord, ServiceStation, StationReview, StationService


class ServiceStationFilterSet(LocatedFilterMixin, PortalFilterSet):
    search_fields = ("name", "address", "host__name")

    status = choice_filter(StationStatus.choices, _("状态"), checkboxes=True)
    funding_source = choice_filter(FundingSource.choices, _("经费来源"))
    within = SubtreeFilter("host__")
    offers = choice_filter(ServiceCategory.choices, _("提供的服务"), method="filter_offers")

    class Meta:
        model = ServiceStation
        fields = ["q", "search", "status", "funding_source", "within", "offers", "located"]

    def filter_offers(self, queryset, name, value):
        for category in value or ():
            queryset = queryset.filter(pk__in=StationService.objects.filter(category=category).values("station_id"))
        return queryset


class StationReviewFilterSet(PortalFilterSet):
    search_fields = ("station__name", "reviewer")

    year = django_filters.NumberFilter(label=_("年度"))
    tier = choice_filter(Tier.choices, _("等级"), checkboxes=True)
    within = SubtreeFilter("station__host__")

    class Meta:
        model = StationReview
        fields = ["q", "search", "year", "tier", "within"]


class ServiceRecordFilterSet(PortalFilterSet):
    search_fields = ("description", "station__name")

    station = django_filters.ModelChoiceFilter(queryset=scoped_queryset(ServiceStation), label=_("服务站"))
    category = choice_filter(ServiceCategory.choices, _("服务类别"), checkboxes=True)
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("服务日期起"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("服务日期止"))
    follow_up_open = django_filters.BooleanFilter(method="filter_follow_up_open", label=_("待跟进"))
    within = SubtreeFilter("station__host__")

    class Meta:
        model = ServiceRecord
        fields = ["q", "search", "station", "category", "date_after", "date_before", "follow_up_open", "within"]

    def filter_follow_up_open(self, queryset, name, value):
        if value is None:
            return queryset
        open_q = {"follow_up_needed": True, "follow_up_done": False}
        return queryset.filter(**open_q) if value else queryset.exclude(**open_q)
