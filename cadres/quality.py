"""Cadre data-quality checks (see core.quality)."""

from django.utils.translation import gettext_lazy as _

from core.quality import Check, CountyMap, register_check

from .choices import Grade
from .models import CadreAppraisal

# 优秀 is customarily kept to about a fifth of those appraised; a county's year far above that is flagged.
EXCELLENT_USUAL_SHARE = 0.20
EXCELLENT_FLAG_SHARE = 0.40
MIN_APPRAISALS = 10  # too few appraisals say nothing about a share


def excellent_far_above_usual():
    """The 优秀 appraisals of each county and year whose share of 优秀 exceeds EXCELLENT_FLAG_SHARE."""
    places = CountyMap()
    groups = {}
    rows = CadreAppraisal.objects.values_list(
        "pk", "year", "grade", "cadre__organisation_id", "cadre__organisation__parent_id"
    ).order_by()
    for pk, year, grade, org_id, parent_id in rows:
        group = groups.setdefault((places.county(org_id, parent_id), year), [0, []])
        group[0] += 1
        if grade == Grade.EXCELLENT:
            group[1].append(pk)
    flagged = [
        pk
        for total, excellent in groups.values()
        if total >= MIN_APPRAISALS and len(excellent) > EXCELLENT_FLAG_SHARE * total
        for pk in excellent
    ]
    return CadreAppraisal.objects.filter(pk__in=flagged)


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
