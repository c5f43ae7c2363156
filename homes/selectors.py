"""Reads other pages need: the home panel on a union's page."""

from core.scope import VIEW, subtree_q
from orgs.choices import Level

from .choices import HOME_LEVELS
from .models import WorkersHome


def subtree_summary(user, organisation):
    """Homes in the union's subtree (below it) that the reader may see, and how many meet the standard."""
    from .filtersets import WorkersHomeFilterSet

    below = WorkersHome.objects.restrict(user, VIEW).filter(subtree_q("organisation__", [organisation], strict=True))
    total = below.count()
    if not total:
        return None
    standard = WorkersHomeFilterSet().filter_standard(below, "standard", "yes").count()
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
