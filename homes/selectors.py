"""Reads other pages need: the home panel on a union's page."""

from core.scope import VIEW

from .models import WorkersHome


def home_panel(request, organisation):
    home = (
        WorkersHome.objects.restrict(request.user, VIEW)
        .filter(organisation=organisation)
        .prefetch_related("facilities", "honours", "ratings")
        .first()
    )
    if home is None:
        return {"home": None, "organisation": organisation}
    ratings = list(home.ratings.all())
    return {
        "home": home,
        "organisation": organisation,
        "missing": home.missing_display(),
        "bookroom": home.bookroom(),
        "honours": list(home.honours.all())[:5],
        "latest_rating": ratings[0] if ratings else None,
    }
