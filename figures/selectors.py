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
            from groups.selectors import group_of_q

            if not type(org).objects.filter(pk=org.pk).filter(group_of_q(group)).exists():
                return {figure.key: figure.empty() for figure in figures}
        return {figure.key: value for figure, value in compute_all(org, year, figures)}
    found = rollups.sums(org, year, group=group or rollups.ALL, figures=[f.key for f in figures])
    return {figure.key: figure.value_of(*found.get((None, figure.key), (0, None))) for figure in figures}


def organisation_figures(org, year, keys=None, group=None):
    figures = [FIGURES[key] for key in keys] if keys else list(FIGURES.values())
    values = subtree_values(org, year, figures, group)
    return [figure_row(figure, values[figure.key]) for figure in figures]


def active_children(org):
    from orgs.models import Organisation

    return list(Organisation.objects.filter(parent=org, status="active").order_by("level", "name"))


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
