"""Reads other pages need: the home panel on a union's page."""

from core.scope import VIEW

from .choices import HOME_LEVELS, HomeStatus
from .models import WorkersHome


def homes_in_use():
    """The homes the home standard rate counts (figures.registry): those in use."""
    return WorkersHome.objects.filter(status=HomeStatus.IN_USE)


def standard_homes(queryset):
    """Of `queryset`, the homes covering all six functions (六位一体): the filter's one definition."""
    from .filtersets import WorkersHomeFilterSet

    return WorkersHomeFilterSet().filter_standard(queryset, "standard", "yes")


def subtree_summary(user, organisation):
    """Homes in the union's subtree (below it) that the reader may see, and how many meet the standard."""
    below = WorkersHome.objects.restrict(user, VIEW).filter(
        organisation__tree_id=organisation.tree_id,
        organisation__lft__gt=organisation.lft,
        organisation__lft__lt=organisation.rght,
    )
    total = below.count()
    if not total:
        return None
    standard = standard_homes(below).count()
    return {"total": total, "standard": standard, "rate": round(100 * standard / total)}


def home_panel(request, organisation):
    summary = subtree_summary(request.user, organisation) if organisation.rght - organisation.lft > 1 else None
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
