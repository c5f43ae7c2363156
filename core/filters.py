"""Filter pieces shared by every model's FilterSet (HTML list, API and tests use the same FilterSet)."""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .scope import VIEW


def scoped_queryset(model):
    """A filter choice queryset limited to the requesting user's read scope."""

    def queryset(request):
        if request is None:
            return model._default_manager.none()
        return model._default_manager.restrict(request.user, VIEW)

    return queryset


def choice_filter(choices, label, *, checkboxes=False, **kwargs):
    """A filter on a choice field that accepts several values (?level=a&level=b).

    django-filter's default DISTINCT is for filters across to-many joins; on a plain column it only makes
    PostgreSQL sort and de-duplicate every matching row (0.7 s at 100,000 unions), so it is off here."""
    if checkboxes:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
    return django_filters.MultipleChoiceFilter(choices=choices, label=label, distinct=False, **kwargs)


class PortalFilterSet(django_filters.FilterSet):
    """Base FilterSet: `q` (and its API alias `search`) looks through `search_fields`."""

    search_fields = ()

    q = django_filters.CharFilter(method="filter_search", label=_("名称或代码"))
    search = django_filters.CharFilter(method="filter_search", label=_("搜索"))

    def filter_search(self, queryset, name, value):
        value = (value or "").strip()
        if not value or not self.search_fields:
            return queryset
        return queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": value}) for f in self.search_fields)))

    @property
    def form(self):
        form = super().form
        # The API alias would show the same box twice on an HTML page; hidden rather than removed, since a field
        # missing from the form is never applied and the API's `search` would do nothing.
        if "search" in form.fields:
            form.fields["search"].widget = forms.HiddenInput()
        if not getattr(form, "_bounded", False):
            form._bounded = True
            for field in form.fields.values():
                _bound(field)
        return form


# The widest integer any database column here holds; beyond it SQLite raises OverflowError (a 500) on a query.
INT_LIMIT = 2**63 - 1


def _bound(field):
    """A filter's number or record choice beyond any column's range is an invalid filter (400), not a 500."""
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        field.validators += [MinValueValidator(-INT_LIMIT), MaxValueValidator(INT_LIMIT)]
    elif isinstance(field, forms.ModelChoiceField):
        clean = field.clean

        def bounded_clean(value, clean=clean, field=field):
            try:
                return clean(value)
            except OverflowError:
                raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice") from None

        field.clean = bounded_clean


class LocatedFilterMixin(django_filters.FilterSet):
    """`located=yes|no`: places (core.models.Located) with or without a point on the map; the map page's
    coverage table links here."""

    located = django_filters.ChoiceFilter(
        choices=[("yes", _("已标注")), ("no", _("未标注"))],
        method="filter_located",
        label=_("经纬度"),
        empty_label=_("全部"),
    )

    def filter_located(self, queryset, name, value):
        from .models import LOCATED

        if value == "yes":
            return queryset.filter(LOCATED)
        if value == "no":
            return queryset.exclude(LOCATED)
        return queryset


class FigureFilterMixin(django_filters.FilterSet):
    """`figure=<key>:<year>[:d]`: the rows a dashboard figure counts (its numerator, or with `:d` its
    denominator), so that a click on a figure opens this list, whose count is the figure's. The figures are
    defined above this layer: they come through core.registry.rollups (figures.rollups.figure_rows_q). A key
    or year that names no figure matches nothing."""

    figure = django_filters.CharFilter(method="filter_figure", label=_("统计指标"), widget=forms.HiddenInput)

    def filter_figure(self, queryset, name, value):
        from .registry import registry

        value = (value or "").strip()
        if not value:
            return queryset
        reader = registry.rollups
        if reader is None:
            return queryset.none()
        return queryset.filter(reader.figure_rows_q(queryset.model, value))
