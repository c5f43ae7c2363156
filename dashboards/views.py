"""Dashboards: one per organisation the reader may read, its figures read from the maintained rollups."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from core.views import file_response
from figures import rollups
from figures.registry import FIGURES
from figures.views import FiguresHomeView, scoped_organisation, year_from
from orgs.choices import Level

from . import exports, selectors


def parse_cut(raw, org):
    """(kind, object, label, error): the breakdown a request asks for — children (default), a level
    ("level:county") or a group set (its code). Anything else shows the children and says why."""
    from groups.models import GroupSet

    raw = (raw or "").strip()
    if raw in ("", "children"):
        return "children", None, _("按下级组织"), None
    if raw.startswith("level:"):
        level = raw.split(":", 1)[1]
        if level in selectors.BREAKDOWN_LEVELS and org.level != Level.GRASSROOTS:
            return "level", level, _("按%(level)s") % {"level": Level(level).label}, None
    else:
        group_set = GroupSet.objects.filter(code=raw).prefetch_related("groups").first()
        if group_set is not None:
            return "group_set", group_set, _("按%(name)s") % {"name": group_set.name}, None
    return "children", None, _("按下级组织"), _("没有名为“%(cut)s”的分组方式，已按下级组织显示。") % {"cut": raw[:40]}


def breakdown(org, year, kind, value):
    """[{label, organisation or group, values}] of the cut."""
    if kind == "level":
        return [
            {"label": row["organisation"].name, "organisation": row["organisation"], "values": row["values"]}
            for row in selectors.by_level(org, year, value)
        ]
    if kind == "group_set":
        return [
            {
                "label": row["group"].name if row["group"] else _("未分组"),
                "group": row["group"],
                "values": row["values"],
            }
            for row in selectors.by_group_set(org, year, value)
        ]
    rows = []
    for row in selectors.by_children(org, year):
        child = row["organisation"]
        label = child.name if child else selectors.own_row_label(org)
        rows.append({"label": label, "organisation": child, "own": child is None, "values": row["values"]})
    return rows


FIELD_FILTERS = ("region_class", "region_type", "industry", "ownership")  # the organisation list's own filters


def with_cells(rows, org, year):
    """Each row's figures in the page's column order, as the value partial reads them, each with the list page
    of what it counts: the child's subtree, the organisation's direct unions (its own row), or the group."""
    from urllib.parse import urlencode

    from figures.selectors import figure_row

    for row in rows:
        cells = []
        for figure in FIGURES.values():
            cell = figure_row(figure, row["values"][figure.key])
            if row.get("organisation") is not None:
                cell["url"] = figure.list_url(row["organisation"], year)
            elif row.get("own") and figure.listed == "orgs":
                cell["url"] = figure.list_url(org, year, scope="parent")
            elif row.get("group") is not None and row["group"].group_set.source in FIELD_FILTERS:
                group = row["group"]
                cell["url"] = f"{figure.list_url(org, year)}&{urlencode({group.group_set.source: group.code})}"
            cells.append(cell)
        row["cells"] = cells
    return rows


def dashboard_context(request, org):
    year, error = year_from(request)
    kind, value, cut_label, cut_error = parse_cut(request.GET.get("by"), org)
    rows = with_cells(breakdown(org, year, kind, value), org, year) if org.level != Level.GRASSROOTS else []
    return {
        "organisation": org,
        "year": year,
        "year_error": error,
        "cut_error": cut_error,
        "cut": request.GET.get("by", "") if not cut_error else "",
        "cut_kind": kind,
        "cut_label": cut_label,
        "headline": [dict(item, url=item["figure"].list_url(org, year)) for item in selectors.headline(org, year)],
        "rows": rows,
        "figures": list(FIGURES.values()),
    }


class DashboardHomeView(FiguresHomeView):
    """The 统计 menu's entry: the dashboard of the top organisation of the reader's scope."""

    target = "dashboards:organisation"


class DashboardView(LoginRequiredMixin, View):
    def get(self, request, pk):
        org = scoped_organisation(request, pk)
        year, _error = year_from(request)
        with rollups.checked(*selectors.trend_years(year)):
            return self.render(request, org)

    def render(self, request, org):
        from groups.models import GroupSet

        context = dashboard_context(request, org)
        year = context["year"]
        context.update(
            {
                "trend": selectors.trend(org, year),
                "services": selectors.services(org, year),
                "assessment": selectors.assessment(org, year),
                "quality": selectors.quality(org, year),
                "affiliated": selectors.affiliated(org, year),
                "group_sets": list(GroupSet.objects.all()),
                "levels": [
                    (level, Level(level).label)
                    for level in selectors.BREAKDOWN_LEVELS
                    if selectors.LEVEL_DEPTH[level] > selectors.LEVEL_DEPTH.get(org.level, 99)
                ],
                "chart": exports.chart_data(context),
                "cases": selectors.cases(org),
            }
        )
        return render(request, "dashboards/dashboard.html", context)


class DashboardExportView(LoginRequiredMixin, View):
    """The dashboard's tables as one xlsx workbook: the headline figures and the breakdown shown."""

    def get(self, request, pk):
        org = scoped_organisation(request, pk)
        context = dashboard_context(request, org)
        return file_response(exports.workbook(context), exports.file_name(context, "xlsx"), exports.XLSX)


class DashboardBriefingView(LoginRequiredMixin, View):
    """A one-page briefing of the dashboard for a meeting (PDF)."""

    def get(self, request, pk):
        org = scoped_organisation(request, pk)
        context = dashboard_context(request, org)
        context["assessment"] = selectors.assessment(org, context["year"])
        return file_response(exports.briefing(context), exports.file_name(context, "pdf"), "application/pdf")
