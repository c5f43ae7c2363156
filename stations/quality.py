"""站 data-quality checks (see core.quality)."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.quality import Check, register_check

from .choices import ServiceCategory, StationStatus
from .models import ServiceStation, StationReview, StationService


def reviews_contradicting_services():
    """Reviews whose 服务功能齐全 disagrees with the five categories the station offers."""
    offered = (
        StationService.objects.filter(station=OuterRef("station"))
        .order_by()
        .values("station")
        .annotate(n=Count("category", distinct=True))
        .values("n")
    )
    rows = StationReview.objects.annotate(offered=Coalesce(Subquery(offered, output_field=IntegerField()), Value(0)))
    every = len(ServiceCategory.choices)
    return rows.filter(Q(has_services=True, offered__lt=every) | Q(has_services=False, offered__gte=every))


def stations_without_review_this_year():
    year = timezone.localdate().year
    return ServiceStation.objects.filter(status=StationStatus.ACTIVE).exclude(
        Exists(StationReview.objects.filter(station=OuterRef("pk"), year=year))
    )


def register():
    register_check(
        Check(
            key="review_services",
            label=_("年度评定的“服务功能齐全”与服务站开展的服务不符"),
            section="zhan",
            flagged=reviews_contradicting_services,
        )
    )
    register_check(
        Check(
            key="station_review_missing",
            label=_("服务站本年度尚未评定"),
            section="zhan",
            flagged=stations_without_review_this_year,
        )
    )
