"""Reads for station pages and the organisation page's panel."""

import datetime

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.scope import VIEW
from orgs.choices import Level

from .choices import ServiceCategory, StationStatus
from .models import ServiceRecord, ServiceStation

# Stations at these levels serve the unions below them (DESIGN.md: "served by an active station in their own
# subtree or that of an ancestor up to county").
SERVING_LEVELS = {Level.COUNTY, Level.TOWNSHIP}


def month_starts(count=12, today=None):
    """The first days of the last `count` months, oldest first, this month included."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    starts = []
    for _ in range(count):
        starts.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(starts))


def monthly_totals(station, months=12, today=None):
    """Services given and workers served per month and category over the last `months` months, from one
    grouped query: {"months": [...], "rows": [{month, cells: [(services, workers)...], total...}], "totals"}."""
    starts = month_starts(months, today)
    found = {}
    grouped = (
        ServiceRecord.objects.filter(station=station, date__gte=starts[0], date__lte=today or timezone.localdate())
        .annotate(month=TruncMonth("date"))
        .values("month", "category")
        .annotate(services=Count("id"), workers=Sum("workers_served"))
        .order_by()
    )
    for row in grouped:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        found[(month, row["category"])] = (row["services"], row["workers"] or 0)
    categories = [value for value, _label in ServiceCategory.choices]
    rows = []
    column_totals = {category: [0, 0] for category in categories}
    for start in reversed(starts):  # newest first on the page
        cells = []
        services = workers = 0
        for category in categories:
            cell = found.get((start, category), (0, 0))
            cells.append(cell)
            services += cell[0]
            workers += cell[1]
            column_totals[category][0] += cell[0]
            column_totals[category][1] += cell[1]
        rows.append({"month": start, "cells": cells, "services": services, "workers": workers})
    return {
        "categories": [label for _value, label in ServiceCategory.choices],
        "rows": rows,
        "totals": [tuple(column_totals[c]) for c in categories],
        "services": sum(r["services"] for r in rows),
        "workers": sum(r["workers"] for r in rows),
    }


def serving_ancestor_ids(organisation):
    """Ids of the ancestors (up to and including the county) whose stations serve `organisation`, found by
    walking the short parent chain, not by a range test over the tree."""
    from orgs.models import Organisation

    ids = []
    parent_id = organisation.parent_id
    node = organisation
    parent_field = Organisation._meta.get_field("parent")
    for _ in range(6):  # the tree is at most five levels deep
        if parent_id is None:
            break
        # Parents loaded with the row (a page's path, see Organisation.with_path) are read, not queried.
        node = parent_field.get_cached_value(node, None) if node is not None else None
        if node is not None and node.pk == parent_id:
            row = (node.level, node.parent_id)
        else:
            node = None
            row = Organisation.objects.filter(pk=parent_id).values_list("level", "parent_id").first()
        if row is None:
            break
        level, next_id = row
        if level in SERVING_LEVELS:
            ids.append(parent_id)
        if level == Level.COUNTY or level not in SERVING_LEVELS and level != Level.GRASSROOTS:
            break
        parent_id = next_id
    return ids


def covered_area_ids():
    """Ids of the county and township unions with an active station at themselves or anywhere below them (the
    numerator of station coverage). Walks each active station's host up its short parent chain, one query
    whatever the size of the tree: stations are few, unions many."""
    chain = ["host"]
    for _ in range(4):  # grassroots > township > county > prefecture > province
        chain.append(chain[-1] + "__parent")
    rows = (
        ServiceStation.objects.filter(status=StationStatus.ACTIVE)
        .values_list(*[f"{step}_id" for step in chain], *[f"{step}__level" for step in chain])
        .distinct()
    )
    covered = set()
    for row in rows:
        ids, levels = row[: len(chain)], row[len(chain) :]
        for org_id, level in zip(ids, levels, strict=True):
            if org_id is not None and level in SERVING_LEVELS:
                covered.add(org_id)
    return sorted(covered)


def served_by_station_q(path=""):
    """A Q on organisations (reached by `path`) served by an active station hosted by the organisation itself
    or by an ancestor up to the county (the same chain as `serving_ancestor_ids`): three indexed look-ups on
    the parent chain, never a range test over the tree."""
    from django.db.models import Exists, OuterRef, Q

    def station_at(ref):
        return Exists(ServiceStation.objects.filter(status=StationStatus.ACTIVE, host_id=OuterRef(ref)))

    own = Q(station_at(f"{path}pk"))
    parent = Q(**{f"{path}parent__level__in": list(SERVING_LEVELS)}) & Q(station_at(f"{path}parent_id"))
    grandparent = Q(**{f"{path}parent__level": Level.TOWNSHIP, f"{path}parent__parent__level": Level.COUNTY}) & Q(
        station_at(f"{path}parent__parent_id")
    )
    return own | parent | grandparent


def organisation_panel(request, organisation):
    """The "职工服务站" panel of a union's page: stations it hosts, and active stations above it that serve it."""
    from django.db.models import Q

    visible = ServiceStation.objects.restrict(request.user, VIEW)
    ancestors = serving_ancestor_ids(organisation)
    # Both lists in one query: the stations it hosts (any status), and the active ones of the ancestors.
    rows = list(
        visible.filter(Q(host=organisation) | Q(host_id__in=ancestors, status=StationStatus.ACTIVE))
        .select_related("host")
        .order_by("name", "pk")
    )
    hosted = sorted((s for s in rows if s.host_id == organisation.pk), key=lambda s: s.status)  # stable: by name
    serving = [s for s in rows if s.host_id != organisation.pk]
    from core.scope import CHANGE, can
    from core.urls_helpers import model_url

    return {
        "hosted": hosted,
        "serving": serving,
        "add_url": model_url(ServiceStation, "add") + f"?host={organisation.pk}"
        if can(request.user, organisation, CHANGE)
        else None,
    }


def open_follow_ups(user):
    """For the home page: ledger lines in the user's write scope that still need a follow-up."""
    from django.utils.translation import gettext as _

    from core.scope import CHANGE, has_any_scope
    from core.urls_helpers import model_url

    if not has_any_scope(user, CHANGE):
        return []
    count = ServiceRecord.objects.restrict(user, CHANGE).filter(follow_up_needed=True, follow_up_done=False).count()
    return [
        {
            "label": _("服务台账中待跟进的服务"),
            "count": count,
            "url": model_url(ServiceRecord, "list") + "?follow_up_open=true",
        }
    ]
