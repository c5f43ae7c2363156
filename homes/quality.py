"""家 data-quality checks (see core.quality)."""

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from core.quality import Check, register_check

from .models import Honour, SatisfactionRating
from .rules import LADDER, MODEL_TITLES
from .selectors import volumes_without_bookroom


def honours_off_ladder():
    """Honours above county level whose home did not hold the same title one level lower first."""
    q = Q(pk__in=[])
    for level, lower in LADDER.items():
        held = Honour.objects.filter(
            home=OuterRef("home"), title=OuterRef("title"), level=lower, year__lte=OuterRef("year")
        )
        q |= Q(level=level) & ~Exists(held)
    return Honour.objects.filter(override_reason="").filter(q)


def model_honours_below_bars():
    from unions.models import Registration

    from .choices import MEMBERSHIP_BAR, SATISFACTION_BAR

    latest = SatisfactionRating.objects.filter(home=OuterRef("home"), year__lte=OuterRef("year")).order_by("-year")
    registration = Registration.objects.filter(organisation=OuterRef("home__organisation")).order_by()
    rows = Honour.objects.filter(title__in=MODEL_TITLES, override_reason="").annotate(
        satisfaction=Subquery(latest.values("percent")[:1]),
        reg_members=Subquery(registration.values("members")[:1]),
        reg_employees=Subquery(registration.values("employees")[:1]),
    )
    # membership against the main employer's employees: conservative for joint unions
    return rows.filter(
        Q(satisfaction__lt=SATISFACTION_BAR) | Q(reg_members__lt=F("reg_employees") * MEMBERSHIP_BAR / 100.0)
    )


def ratings_over_members():
    from unions.models import Registration

    # order_by(): the registration's default ordering would join and sort the tree for each rating
    members = Registration.objects.filter(organisation=OuterRef("home__organisation")).order_by().values("members")[:1]
    return SatisfactionRating.objects.annotate(reg_members=Subquery(members)).filter(respondents__gt=F("reg_members"))


def register():
    register_check(
        Check(
            key="volumes_without_bookroom",
            label=_("填了书屋藏书，但没有职工书屋阵地"),
            section="jia",
            flagged=volumes_without_bookroom,
        )
    )
    register_check(
        Check(
            key="honour_ladder",
            label=_("荣誉未先获得下一级同一称号"),
            section="jia",
            flagged=honours_off_ladder,
            hint=_("命名前须先获得下一级同一称号；确属破格的，请在荣誉中写明破格说明。"),
        )
    )
    register_check(
        Check(
            key="honour_bars",
            label=_("模范职工之家未达入会率或满意率 90%"),
            section="jia",
            flagged=model_honours_below_bars,
        )
    )
    register_check(
        Check(
            key="rating_over_members",
            label=_("会员评家参评人数多于会员人数"),
            section="jia",
            flagged=ratings_over_members,
        )
    )
