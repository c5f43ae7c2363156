"""Figure pages: an organisation's figures with their definitions, its children side by side, and the unions
behind any figure."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from core.scope import VIEW
from orgs.choices import Level

from . import selectors
from .registry import FIGURES


def year_from(request):
    """(year, error message or None): a bad year shows this year and says why, never a 500."""
    try:
        return selectors.parse_year(request.GET.get("year")), None
    except ValidationError as exc:
        return selectors.current_year(), " ".join(exc.messages)


def scoped_organisation(request, pk):
    org = selectors.organisation_in_scope(request.user, pk)
    if org is None:
        raise Http404
    return org


class FiguresHomeView(LoginRequiredMixin, View):
    """The figures of the top organisation of the reader's scope (`target`: the page per organisation)."""

    target = "figures:organisation"

    def get(self, request):
        from orgs.selectors import organisation_tree_roots

        roots = organisation_tree_roots(user=request.user)
        if not roots:
            raise Http404
        response = redirect(self.target, pk=roots[0].pk)
        if request.GET:  # the year and the breakdown asked for carry over
            response["Location"] += "?" + request.GET.urlencode()
        return response


class OrganisationFiguresView(LoginRequiredMixin, View):
    def get(self, request, pk):
        org = scoped_organisation(request, pk)
        year, error = year_from(request)
        children = selectors.children_figures(org, year) if org.level != Level.GRASSROOTS else []
        return render(
            request,
            "figures/organisation.html",
            {
                "organisation": org,
                "year": year,
                "year_error": error,
                "figures": selectors.organisation_figures(org, year),
                "children": children,
                "keys": list(FIGURES),
                "figure_names": [str(f.name) for f in FIGURES.values()],
            },
        )


class FigureUnitsView(LoginRequiredMixin, View):
    """The unions behind a figure's numerator (or, with `side=denominator`, its denominator)."""

    per_page = 50

    def get(self, request, pk, key):
        org = scoped_organisation(request, pk)
        figure = FIGURES.get(key)
        if figure is None:
            raise Http404
        year, error = year_from(request)
        side = "denominator" if request.GET.get("side") == "denominator" else "numerator"
        units = figure.denominator_units(org, year) if side == "denominator" else figure.units(org, year)
        from orgs.models import Organisation

        units = (
            Organisation.objects.restrict(request.user, VIEW)
            .filter(pk__in=units.values("pk"))
            .with_path()
            .order_by("tree_id", "lft")
        )
        page = Paginator(units, self.per_page).get_page(request.GET.get("page"))
        return render(
            request,
            "figures/units.html",
            {
                "organisation": org,
                "figure": figure,
                "value": figure.compute(org, year),
                "year": year,
                "year_error": error,
                "side": side,
                "page": page,
                "back": reverse("figures:organisation", args=[org.pk]) + f"?year={year}",
            },
        )


def organisation_panel(request, organisation):
    """The "统计指标" panel of a union's page with subordinates: a placeholder the browser fills from
    `figures:panel`, so that the figures never hold up the page itself."""
    if organisation.level == Level.GRASSROOTS:
        return {"show": False}
    return {"show": True, "organisation": organisation}


class OrganisationPanelView(LoginRequiredMixin, View):
    """This year's figures of the organisation's subtree, for its page's panel."""

    def get(self, request, pk):
        org = scoped_organisation(request, pk)
        year = selectors.current_year()
        return render(
            request,
            "figures/partials/panel_body.html",
            {"organisation": org, "year": year, "figures": selectors.organisation_figures(org, year)},
        )
