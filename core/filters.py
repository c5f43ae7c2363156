"""Filter pieces shared by every model's FilterSet (HTML list, API and tests use the same FilterSet)."""

from functools import reduce
from operator import or_

import django_filters
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
        # The API alias would show the same box twice on an HTML page.
        form.fields.pop("search", None)
        return form
