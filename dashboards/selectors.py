"""What a dashboard shows, read from the maintained rollups (figures.rollups) in a fixed number of queries
whatever the size of the province: the subtree's figures with target and gap, a trend over the years, a
breakdown by child, by level or by group set, the stations' services, and the assessment's state."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Avg, Count, F
from django.utils.translation import gettext as _

from core.scope import subtree_q
from figures import rollups
from figures.registry import FIGURES
from figures.selectors import children_values, figure_row, subtree_values
from orgs.choices import ANCESTOR_COLUMNS, Level

TREND_YEARS = 5
BREAKDOWN_LEVELS = (Level.PREFECTURE, Level.COUNTY, Level.TOWNSHIP)


def figure_list(keys=None):
    return [FIGURES[key] for key in keys] if keys else list(FIGURES.values())


def targets_of(org, year, keys):
    from assessment.selectors.planning import targets_for

    return targets_for(org, year, keys)


def headline(org, year, group=None):
    """[{figure, value, target, gap}] for the subtree of `org`."""
    figures = figure_list()
    values = subtree_values(org, year, figures, group)
    targets = targets_of(org, year, [f.key for f in figures]) if not group else {}
    rows = []
    for figure in figures:
        value = values[figure.key]
        target = targets.get(figure.key)
        gap = None
        if target is not None and value.value is not None:
            gap = max(Decimal(0), Decimal(target) - Decimal(str(value.value)))
        rows.append({"figure": figure, "value": value, "target": target, "gap": gap})
    return rows


def trend_years(year):
    return list(range(year - TREND_YEARS + 1, year + 1))


def trend(org, year):
    """{"years": [...], "series": {key: [value per year]}} over the last TREND_YEARS years up to `year`."""
    years = trend_years(year)
    figures = figure_list()
    series = {f.key: [] for f in figures}
    if not rollups.is_bucket(org):
        return {"years": [], "series": {}}
    rollups.ensure_current(*years)
    found = defaultdict(dict)
    from django.db.models import Sum

    from figures.models import FigureRollup

    rows = (
        rollups.in_subtree(FigureRollup.objects.filter(year__in=years, group=rollups.ALL, figure__in=list(series)), org)
        .order_by()
        .values("year", "figure")
        .annotate(n=Sum("numerator"), d=Sum("denominator"))
    )
    for row in rows:
        found[row["year"]][row["figure"]] = (row["n"] or 0, row["d"])
    for figure in figures:
        for each in years:
            series[figure.key].append(figure.value_of(*found[each].get(figure.key, (0, None))).value)
    return {"years": years, "series": series}


def by_children(org, year):
    """[{organisation (None for the row of `org` itself and its direct grassroots unions), values}]."""
    return [{"organisation": child, "values": values} for child, values in children_values(org, year, leaves=False)]


def by_level(org, year, level):
    """One row per organisation of `level` inside `org`'s subtree, each its subtree's figures."""
    from orgs.models import Organisation

    column = ANCESTOR_COLUMNS[level]
    figures = figure_list()
    found = rollups.sums(org, year, figures=[f.key for f in figures], by=F(f"bucket__{column}_id"))
    ids = {key[0] for key in found if key[0] is not None}
    orgs = Organisation.objects.filter(pk__in=ids, status="active").order_by("tree_id", "lft")
    return [
        {"organisation": o, "values": {f.key: f.value_of(*found.get((o.pk, f.key), (0, None))) for f in figures}}
        for o in orgs
    ]


def by_group_set(org, year, group_set):
    """One row per group of the set, and for an exclusive set a row of the rest (未分组)."""
    from figures.selectors import group_set_values

    return [{"group": group, "values": values} for group, values in group_set_values(org, year, group_set)]


def services(org, year):
    """Services given and workers served per month and category across the subtree (the stations' ledgers)."""
    from stations.choices import ServiceCategory

    months = list(range(1, 13))
    categories = list(ServiceCategory.choices)
    given = {c: [0] * 12 for c, _label in categories}
    served = {c: [0] * 12 for c, _label in categories}
    if rollups.is_bucket(org):
        rollups.ensure_current(year)
        from django.db.models import Sum

        from figures.models import FigureRollup

        rows = (
            rollups.in_subtree(
                FigureRollup.objects.filter(year=year, group=rollups.ALL, figure__startswith=rollups.SERVICES + ":"),
                org,
            )
            .order_by()
            .values("figure")
            .annotate(n=Sum("numerator"), d=Sum("denominator"))
        )
        for row in rows:
            _prefix, month, category = row["figure"].split(":", 2)
            if category in given and month.isdigit() and 1 <= int(month) <= 12:
                given[category][int(month) - 1] += row["n"] or 0
                served[category][int(month) - 1] += row["d"] or 0
    return {
        "months": months,
        "categories": [
            {"key": c, "label": str(label), "given": given[c], "served": served[c]} for c, label in categories
        ],
        "total_given": sum(sum(v) for v in given.values()),
        "total_served": sum(sum(v) for v in served.values()),
    }


def assessment(org, year):
    """Targets met per child, mean acceptance score and grade distribution, open and overdue rectifications."""
    from assessment.acceptance_choices import ReportState
    from assessment.models import AcceptanceReport, Rectification, Target
    from assessment.selectors.planning import annotate_progress
    from orgs.models import Organisation

    children = Organisation.objects.filter(parent=org).values_list("pk", flat=True)  # the (parent, name) index
    targets = list(
        Target.objects.filter(indicator__plan__year=year, organisation_id__in=list(children))
        .select_related("indicator__plan", "organisation")
        .order_by("organisation__name")
    )
    annotate_progress(targets)
    per_child = {}
    for target in targets:
        row = per_child.setdefault(target.organisation_id, {"organisation": target.organisation, "met": 0, "total": 0})
        row["total"] += 1
        row["met"] += target.state == "met"
    reports = AcceptanceReport.objects.filter(subtree_q("organisation__", [org]), year=year, state=ReportState.ACCEPTED)
    summary = reports.aggregate(mean=Avg("accepted_total"), n=Count("pk"))
    grades = list(reports.order_by().values("grade").annotate(n=Count("pk")).order_by("-n", "grade"))
    rectifications = Rectification.objects.filter(subtree_q("organisation__", [org]))
    return {
        "targets": sorted(per_child.values(), key=lambda r: r["organisation"].name),
        "targets_met": sum(r["met"] for r in per_child.values()),
        "targets_total": sum(r["total"] for r in per_child.values()),
        "mean_score": summary["mean"],
        "reports": summary["n"],
        "grades": grades,
        "open_rectifications": rectifications.pending().count(),
        "overdue_rectifications": rectifications.overdue().count(),
    }


def own_row_label(org):
    return _("%(name)s本级及直属基层工会") % {"name": org.short_name or org.name}


LEVEL_DEPTH = {Level.PROVINCE: 0, Level.PREFECTURE: 1, Level.COUNTY: 2, Level.TOWNSHIP: 3}


def cases(org, limit=5):
    """The latest published good-practice cases of the subtree, when the case library is installed."""
    from django.apps import apps

    if not apps.is_installed("cases"):
        return []
    from cases.selectors import published_cases_within

    return list(published_cases_within(org, limit=limit))


def quality(org, year):
    """Per child (and the row of `org` itself): the share of the required fields filled in the unions' records,
    and the data-quality flags (core.quality's checks) standing against its records, from the rollups."""
    from core.quality import checks
    from figures.registry import child_bucket
    from figures.selectors import active_children

    if not rollups.is_bucket(org):
        return {"rows": [], "checks": []}
    by = child_bucket("bucket__", org)
    fields = rollups.sums(org, year, figures=[rollups.FIELDS], by=by)
    flags = rollups.prefixed(org, year, rollups.QUALITY, by=by)
    children = [c for c in active_children(org) if c.level != Level.GRASSROOTS]
    rows = []
    for child in [*children, None]:
        key = child.pk if child else None
        n, d = fields.get((key, rollups.FIELDS), (0, None))
        per_check = {figure.split(":", 1)[1]: value[0] for (by_key, figure), value in flags.items() if by_key == key}
        rows.append(
            {
                "organisation": child,
                "label": child.name if child else own_row_label(org),
                "filled": round(100 * n / d, 1) if d else None,
                "flags": sum(per_check.values()),
                "top": sorted(
                    ((checks[k].label, v) for k, v in per_check.items() if v and k in checks), key=lambda x: -x[1]
                )[:3],
            }
        )
    return {"rows": rows, "fields": [str(f) for f in rollups.REQUIRED_FIELDS]}


def affiliated(org, year):
    """条块结合: for an industry union, the figures of the grassroots unions affiliated to it (its group in the
    industry_union set) wherever they sit in the territorial tree, and per prefecture; None for other units."""
    from groups.models import Group, Source
    from orgs.models import Organisation

    if org.level != Level.INDUSTRY:
        return None
    group = Group.objects.filter(group_set__source=Source.INDUSTRY_UNION, organisation=org).first()
    root = Organisation.objects.filter(pk=org.province_id).first() if org.province_id else None
    if group is None or root is None:
        return None
    figures = figure_list()
    keys = [f.key for f in figures]
    total = rollups.sums(root, year, group=group.pk, figures=keys)
    by_prefecture = rollups.sums(root, year, group=group.pk, figures=keys, by=F("bucket__prefecture_id"))
    prefectures = Organisation.objects.in_bulk({key[0] for key in by_prefecture if key[0] is not None})
    rows = []
    for pk, prefecture in sorted(prefectures.items(), key=lambda item: item[1].name):
        values = {f.key: f.value_of(*by_prefecture.get((pk, f.key), (0, None))) for f in figures}
        rows.append(
            {"label": prefecture.name, "cells": [figure_row(f, values[f.key]) for f in figures], "values": values}
        )
    return {
        "group": group,
        "headline": [{"figure": f, "value": f.value_of(*total.get((None, f.key), (0, None)))} for f in figures],
        "rows": rows,
    }
