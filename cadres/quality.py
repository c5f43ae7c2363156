"""Cadre data-quality checks (see core.quality)."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from core.quality import Check, register_check

from .choices import Grade
from .models import CadreAppraisal

# 优秀 is customarily kept to about a fifth of those appraised; a county's year at twice that is flagged.
EXCELLENT_FLAG_SHARE = 0.40
MIN_APPRAISALS = 10  # too few appraisals say nothing about a share


def excellent_far_above_usual():
    """The 优秀 appraisals of each county and year whose share of 优秀 exceeds EXCELLENT_FLAG_SHARE (appraisals
    above any county form one group): the groups found by one grouped query on the county column."""
    county = "cadre__organisation__county_id"
    groups = (
        CadreAppraisal.objects.order_by()
        .values(county, "year")
        .annotate(total=Count("pk"), excellent=Count("pk", filter=Q(grade=Grade.EXCELLENT)))
        .filter(total__gte=MIN_APPRAISALS, excellent__gt=F("total") * EXCELLENT_FLAG_SHARE)
        .values_list(county, "year")
    )
    q = Q(pk__in=[])
    for county_id, year in groups:
        place = Q(**{county: county_id}) if county_id is not None else Q(**{f"{county[:-3]}__isnull": True})
        q |= place & Q(year=year)
    return CadreAppraisal.objects.filter(q, grade=Grade.EXCELLENT)


def register():
    register_check(
        Check(
            key="excellent_share",
            label=_("干部考核“优秀”比例远高于通常水平"),
            section="hui",
            flagged=excellent_far_above_usual,
            hint=_("所在县当年参加考核的干部中“优秀”超过四成（通常约两成）；请核实评分。"),
        )
    )
