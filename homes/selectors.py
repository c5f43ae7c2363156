"""Reads other pages need: the one definition of the home standard rate, the home panel on a union's page."""

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
    home = (
        WorkersHome.objects.restrict(request.user, VIEW)
        .filter(organisation=organisation)
        .prefetch_related("facilities", "honours", "ratings")
        .first()
    )
    if home is None:
        return {
            "home": None,
            "organisation": organisation,
            "summary": summary,
            "may_have_home": organisation.level in HOME_LEVELS and organisation.is_active,
        }
    ratings = list(home.ratings.all())
    return {
        "home": home,
        "organisation": organisation,
        "missing": home.missing_display(),
        "bookroom": home.bookroom(),
        "honours": list(home.honours.all())[:5],
        "latest_rating": ratings[0] if ratings else None,
        "summary": summary,
    }
