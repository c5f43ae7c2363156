"""Reads the figure pages, the organisation panel and the API share: one organisation's figures and its
children's, each as a plain dict."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import VIEW

from .registry import FIGURES, by_children, compute_all

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


def organisation_figures(org, year, keys=None):
    figures = [FIGURES[key] for key in keys] if keys else None
    return [figure_row(figure, value) for figure, value in compute_all(org, year, figures)]


def children_figures(org, year, keys=None):
    """One row per active child: organisation id, name and its figures, a fixed number of queries."""
    figures = [FIGURES[key] for key in keys] if keys else list(FIGURES.values())
    rows = []
    for child, values in by_children(org, year, figures):
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
