"""Reads other pages need: the home panel on a union's page."""

from core.scope import VIEW

from .choices import HOME_LEVELS, HomeStatus
from .models import WorkersHome


def homes_in_use(queryset=None):
    """The homes the standard rate counts: those in use (not being built, not closed)."""
    queryset = WorkersHome.objects.all() if queryset is None else queryset
    return queryset.filter(status=HomeStatus.IN_USE)


def standard_homes(queryset=None):
    """Homes in use covering all six functions (六位一体): the numerator of the home standard rate."""
    from .filtersets import WorkersHomeFilterSet

    return WorkersHomeFilterSet().filter_standard(homes_in_use(queryset), "standard", "yes")


def subtree_summary(user, organisation):
    """Homes in use in the union's subtree (below it) that the reader may see, and how many meet the standard."""
    below = WorkersHome.objects.restrict(user, VIEW).filter(
        organisation__tree_id=organisation.tree_id,
        organisation__lft__gt=organisation.lft,
        organisation__lft__lt=organisation.rght,
    )
    total = homes_in_use(below).count()
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
