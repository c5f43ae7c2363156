"""Reads the figure pages, the organisation panel and the API share: one organisation's figures and its
children's, each as a plain dict."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import VIEW
from orgs.choices import Level

from .registry import FIGURES, compute_all

FIRST_YEAR, LAST_YEAR = 2000, 2100


def current_year():
    return timezone.localdate().year


def parse_year(raw):
    """The year a request asks for (this year when absent); ValidationError with a Chinese message otherwise."""
    if raw in (None, ""):
        return current_year()
    try:
        year = int(str(raw).strip())
    except ValueError:
        raise ValidationError(_("年度应为四位数字，如 %(year)s。") % {"year": current_year()}) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(_("年度须在 %(first)s 至 %(last)s 之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR})
    return year


def organisation_in_scope(user, pk):
    """The organisation `pk` if `user` may read it, else None (out of scope reads as not found)."""
    from orgs.models import Organisation

    try:
        pk = int(str(pk).strip())
    except (TypeError, ValueError):
        return None
    return Organisation.objects.restrict(user, VIEW).filter(pk=pk).first()


def figure_row(figure, value):
    return {
        "key": figure.key,
        "name": str(figure.name),
        "unit": str(figure.unit),
        "definition": str(figure.definition),
        "value": value.value,
        "numerator": value.numerator,
        "denominator": value.denominator,
    }


def subtree_values(org, year, figures=None, group=None):
    """{key: FigureValue} of `org`'s subtree: from the maintained rollups (figures.rollups) for any organisation
    holding others, live for a grassroots union (its own few rows). `group` restricts to one groups.Group."""
    from . import rollups

    figures = list(FIGURES.values()) if figures is None else figures
    if not rollups.is_bucket(org):
        if group:
            from groups.models import Group
            from groups.selectors import group_of_q

            if not isinstance(group, Group):
                group = Group.objects.select_related("group_set").get(pk=group)
            if not type(org).objects.filter(pk=org.pk).filter(group_of_q(group)).exists():
                return {figure.key: figure.empty() for figure in figures}
        return {figure.key: value for figure, value in compute_all(org, year, figures)}
    group = getattr(group, "pk", group)
    found = rollups.sums(org, year, group=group or rollups.ALL, figures=[f.key for f in figures])
    return {figure.key: figure.value_of(*found.get((None, figure.key), (0, None))) for figure in figures}


def organisation_figures(org, year, keys=None, group=None, targets=False):
    """The subtree's figures as rows; with `targets`, each gains `target` where a plan of the level above sets
    one for `org` (core.registry.targets, from the assessment)."""
    from core.registry import registry

    figures = [FIGURES[key] for key in keys] if keys else list(FIGURES.values())
    values = subtree_values(org, year, figures, group)
    rows = [figure_row(figure, values[figure.key]) for figure in figures]
    if targets and registry.targets is not None:
        found = registry.targets(org, year, [f.key for f in figures])
        for row in rows:
            if row["key"] in found:
                row["target"] = float(found[row["key"]])
    return rows


def group_set_values(org, year, group_set, figures=None):
    """[(group, {key: FigureValue})] of `org`'s subtree, one per group of the set, and for an exclusive set a
    last row (group None) of the rest: the organisations in no group of it."""
    from . import rollups

    figures = list(FIGURES.values()) if figures is None else figures
    keys = [f.key for f in figures]
    groups = list(group_set.groups.all())
    if not rollups.is_bucket(org):
        return [(group, subtree_values(org, year, figures, group)) for group in groups]
    from django.db.models import F

    found = rollups.sums(org, year, group=[g.pk for g in groups], figures=keys, by=F("group"))
    rows = [(group, {f.key: f.value_of(*found.get((group.pk, f.key), (0, None))) for f in figures}) for group in groups]
    if group_set.exclusive:
        total = rollups.sums(org, year, figures=keys)
        rest = {}
        for f in figures:
            n, d = total.get((None, f.key), (0, None))
            for group in groups:
                gn, gd = found.get((group.pk, f.key), (0, None))
                n -= gn
                d = None if d is None else d - (gd or 0)
            rest[f.key] = f.value_of(n, d)
        rows.append((None, rest))
    return rows


def group_set_figures(org, year, group_set):
    """One row per group (group id, code, name) with its figures, for the API's `by=<group set code>`."""
    rows = []
    for group, values in group_set_values(org, year, group_set):
        rows.append(
            {
                "group": group.pk if group else None,
                "code": group.code if group else "",
                "name": group.name if group else _("未分组"),
                "figures": [figure_row(FIGURES[key], value) for key, value in values.items()],
            }
        )
    return rows


# A breakdown lists the territorial units first (prefectures, counties, townships), then industry unions, the
# units directly under the level and its grassroots unions.
BREAKDOWN_ORDER = {Level.INDUSTRY: 1, Level.DIRECT: 2, Level.GRASSROOTS: 3}


def active_children(org):
    from orgs.models import Organisation

    children = list(Organisation.objects.filter(parent=org, status="active"))
    return sorted(children, key=lambda child: (BREAKDOWN_ORDER.get(child.level, 0), child.name))


def children_values(org, year, figures=None, *, leaves=True):
    """[(child, {key: FigureValue})] for every active child of `org`: the children holding others from the
    rollups (one query for all of them and all figures), grassroots children from their own rows (one grouped
    query per figure part), or, with `leaves=False`, summed into one row (child None) with `org` itself: the
    bucket of `org` (figures.rollups)."""
    from . import rollups
    from .registry import child_bucket

    figures = list(FIGURES.values()) if figures is None else figures
    if not rollups.is_bucket(org):
        return []
    children = active_children(org)
    found = rollups.sums(org, year, figures=[f.key for f in figures], by=child_bucket("bucket__", org))
    leaf = {}
    if leaves and any(child.level == Level.GRASSROOTS for child in children):
        leaf = {figure.key: figure.leaf_values(org, year) for figure in figures}
    rows = []
    for child in children:
        if child.level == Level.GRASSROOTS:
            if not leaves:
                continue
            values = {f.key: leaf[f.key].get(child.pk, f.empty()) for f in figures}
        else:
            values = {f.key: f.value_of(*found.get((child.pk, f.key), (0, None))) for f in figures}
        rows.append((child, values))
    if not leaves:
        rows.append((None, {f.key: f.value_of(*found.get((None, f.key), (0, None))) for f in figures}))
    return rows


def children_figures(org, year, keys=None):
    """One row per active child: organisation id, name and its figures, a fixed number of queries."""
    figures = [FIGURES[key] for key in keys] if keys else list(FIGURES.values())
    rows = []
    for child, values in children_values(org, year, figures):
        rows.append(
            {
                "organisation": child.pk,
                "name": child.name,
                "level": child.level,
                "child": child,
                "figures": [figure_row(figure, values[figure.key]) for figure in figures],
            }
        )
    return rows
