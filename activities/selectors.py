"""The activity panels on the pages of the union, the station and the home an activity involves."""

from django.urls import reverse

from core.scope import CHANGE, VIEW, can

from .models import Activity

RECENT = 8


def _panel(request, obj, queryset, more_query, add_query):
    queryset = queryset.restrict(request.user, VIEW).select_related("organisation", "station", "home")
    rows = list(queryset[: RECENT + 1])
    list_url = reverse("activities:activity_list")
    return {
        "activities": rows[:RECENT],
        "more_url": f"{list_url}?{more_query}" if len(rows) > RECENT else None,
        "add_url": reverse("activities:activity_add") + "?" + add_query if can(request.user, obj, CHANGE) else None,
    }


def organisation_activities(request, organisation):
    """Activities the union organised, or held at its own station or home."""
    # The three ways in as one UNION of indexed look-ups: written as one OR over the joins, PostgreSQL walks every
    # activity by date and tests each (1.2 s at 300,000 unions for a province reader).
    ids = (
        Activity.objects.filter(organisation=organisation)
        .order_by()
        .values("pk")
        .union(
            Activity.objects.filter(station__host=organisation).order_by().values("pk"),
            Activity.objects.filter(home__organisation=organisation).order_by().values("pk"),
        )
    )
    queryset = Activity.objects.filter(pk__in=ids)
    return _panel(request, organisation, queryset, f"within={organisation.pk}", f"organisation={organisation.pk}")


def station_activities(request, station):
    return _panel(
        request,
        station,
        Activity.objects.filter(station=station),
        f"station={station.pk}",
        f"station={station.pk}&organisation={station.host_id}",
    )


def home_activities(request, home):
    return _panel(
        request,
        home,
        Activity.objects.filter(home=home),
        f"home={home.pk}",
        f"home={home.pk}&organisation={home.organisation_id}",
    )
