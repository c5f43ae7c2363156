"""Reads other pages need: the one definition of the home standard rate, the home panel on a union's page."""

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from core.scope import VIEW, subtree_q
from orgs.choices import Level

from .choices import BOOKROOM_VOLUME_THRESHOLD, HOME_LEVELS, FacilityKind, Function, HomeStatus
from .models import Facility, WorkersHome


def homes_in_use(queryset=None):
    """The homes the standard rate counts: those in use (not being built, not closed)."""
    queryset = WorkersHome.objects.all() if queryset is None else queryset
    return queryset.filter(status=HomeStatus.IN_USE)


def standard_homes(queryset=None):
    """Homes in use covering all six functions (六位一体): the numerator of the home standard rate."""
    queryset = homes_in_use(queryset)
    for code, _label in Function.choices:
        queryset = queryset.filter(Exists(Facility.objects.filter(home=OuterRef("pk"), **{code: True})))
    return queryset


def bookroom_standard_q():
    """The whole ACFTU 职工书屋 list: a bookroom facility, sign, dedicated room, shelves, networked computer,
    ≥ 3,000 volumes, a licensed digital platform, a keeper and lending rules."""
    return (
        Q(Exists(Facility.objects.filter(home=OuterRef("pk"), kind=FacilityKind.BOOKROOM)))
        & Q(bookroom_sign=True, bookroom_dedicated=True, bookroom_shelves=True, bookroom_computer=True)
        & Q(book_volumes__gte=BOOKROOM_VOLUME_THRESHOLD, digital_reading=True)
        & ~Q(digital_platform="")
        & ~Q(bookroom_keeper="")
        & ~Q(lending_rules="")
    )


def volumes_without_bookroom(queryset=None):
    """Homes reporting book volumes but no bookroom facility (a data-quality flag)."""
    queryset = WorkersHome.objects.all() if queryset is None else queryset
    return queryset.filter(book_volumes__gt=0).exclude(
        Exists(Facility.objects.filter(home=OuterRef("pk"), kind=FacilityKind.BOOKROOM))
    )


def subtree_summary(user, organisation):
    """Homes in use in the union's subtree (below it) that the reader may see, and how many meet the standard."""
    below = WorkersHome.objects.restrict(user, VIEW).filter(subtree_q("organisation__", [organisation], strict=True))
    total = homes_in_use(below).count()
    if not total:
        return None
    standard = standard_homes(below).count()
    return {"total": total, "standard": standard, "rate": round(100 * standard / total)}


def home_panel(request, organisation):
    summary = subtree_summary(request.user, organisation) if organisation.level != Level.GRASSROOTS else None
    from django.db.models import Subquery

    from core.text import join_list

    from .models import SatisfactionRating

    # The home with what the panel says of its facilities (each function provided or not, a bookroom or not)
    # and its latest rating as columns of the same row; its honours in one more query.
    latest = SatisfactionRating.objects.filter(home=OuterRef("pk")).order_by("-year", "-pk")
    home = (
        WorkersHome.objects.restrict(request.user, VIEW)
        .filter(organisation=organisation)
        .annotate(
            **{
                f"provides_{code}": Exists(Facility.objects.filter(home=OuterRef("pk"), **{code: True}))
                for code, _label in Function.choices
            },
            has_bookroom=Exists(Facility.objects.filter(home=OuterRef("pk"), kind=FacilityKind.BOOKROOM)),
            latest_rating_year=Subquery(latest.values("year")[:1]),
            latest_rating_percent=Subquery(latest.values("percent")[:1]),
        )
        .prefetch_related("honours")
        .first()
    )
    if home is None:
        return {
            "home": None,
            "organisation": organisation,
            "summary": summary,
            "may_have_home": organisation.level in HOME_LEVELS and organisation.is_active,
        }
    missing = [label for code, label in Function.choices if not getattr(home, f"provides_{code}")]
    latest_rating = None
    if home.latest_rating_year is not None:
        percent = home.latest_rating_percent
        if percent is not None:  # as the column holds it (SQLite hands a subquery's decimal back as a float)
            places = SatisfactionRating._meta.get_field("percent").decimal_places
            percent = Decimal(str(percent)).quantize(Decimal(1).scaleb(-places))
        latest_rating = SatisfactionRating(home=home, year=home.latest_rating_year, percent=percent)
    return {
        "home": home,
        "organisation": organisation,
        "meets_standard": not missing,
        "missing": join_list(missing),
        "bookroom": home.has_bookroom,
        "honours": list(home.honours.all())[:5],
        "latest_rating": latest_rating,
        "summary": summary,
    }
