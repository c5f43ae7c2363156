"""Reads of good-practice cases other pages need: the "好经验" panels on the pages of the unions, stations and homes
a case involves, and the dashboards' list of a subtree's published cases."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from core.scope import CHANGE, VIEW, can, subtree_q

from .choices import CaseState
from .models import Case

PANEL_LIMIT = 5


def within_q(organisation):
    """Cases whose unit lies in `organisation`'s subtree (itself included), or that involve a union in it; the
    list's `within` filter and the dashboards mean the same."""
    involved = Case.unions.through.objects.filter(subtree_q("organisation__", [organisation])).values("case_id")
    return subtree_q("organisation__", [organisation]) | Q(pk__in=involved)


def involving_q(organisation):
    """Cases of the union itself or naming it among the unions involved."""
    named = Case.unions.through.objects.filter(organisation=organisation).values("case_id")
    return Q(organisation=organisation) | Q(pk__in=named)


def published(queryset=None):
    queryset = Case.objects.all() if queryset is None else queryset
    return queryset.filter(state=CaseState.PUBLISHED).select_related("organisation").order_by("-published_at", "-pk")


def published_cases_within(org, limit=5):
    """The newest published cases of `org`'s subtree or involving a union in it (one query), for the dashboards;
    published cases are every logged-in user's to read, so no reader is needed."""
    return list(published().filter(within_q(org))[:limit])


def _add_url(query):
    return f"{reverse('cases:case_add')}?{query}"


def _panel(request, obj, queryset, more_query, add_query=None):
    rows = list(published(queryset.restrict(request.user, VIEW))[: PANEL_LIMIT + 1])
    list_url = reverse("cases:case_list")
    add_url = _add_url(add_query) if add_query is not None and can(request.user, obj, CHANGE) else None
    return {
        "cases": rows[:PANEL_LIMIT],
        "more_url": f"{list_url}?{more_query}" if len(rows) > PANEL_LIMIT else None,
        "add_url": add_url,
    }


def with_published_cases(queryset, request):
    """The organisation page's own query says whether any published case involves the union, so that the panel of
    the many unions without one costs no query of its own (core.registry.Panel.queryset)."""
    named = Case.unions.through.objects.filter(organisation=OuterRef(OuterRef("pk"))).values("case_id")
    involving = Q(organisation=OuterRef("pk")) | Q(pk__in=named)  # involving_q, one subquery deeper
    return queryset.annotate(has_published_cases=Exists(published().filter(involving).values("pk")))


def organisation_cases(request, organisation):
    if getattr(organisation, "has_published_cases", None) is False:
        add = can(request.user, organisation, CHANGE)
        return {"cases": [], "more_url": None, "add_url": _add_url(f"organisation={organisation.pk}") if add else None}
    return _panel(
        request,
        organisation,
        Case.objects.filter(involving_q(organisation)),
        f"union={organisation.pk}&state={CaseState.PUBLISHED}",
        f"organisation={organisation.pk}",
    )


def station_cases(request, station):
    return _panel(
        request,
        station,
        Case.objects.filter(stations=station),
        f"station={station.pk}&state={CaseState.PUBLISHED}",
        f"organisation={station.host_id}&stations={station.pk}",
    )


def home_cases(request, home):
    return _panel(
        request,
        home,
        Case.objects.filter(homes=home),
        f"home={home.pk}&state={CaseState.PUBLISHED}",
        f"organisation={home.organisation_id}&homes={home.pk}",
    )
