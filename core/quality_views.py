"""The data-quality page: each check's flags per county within the reader's scope, and the records behind a
count (core.quality defines the checks)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views import View

from .quality import checks, counts_by_county, flagged_for
from .scope import VIEW


def organisation_of(record, path):
    node = record
    for part in [p for p in path.split("__") if p]:
        node = getattr(node, part)
    return node


class QualityView(LoginRequiredMixin, View):
    def get(self, request):
        counts, names = counts_by_county(request.user)
        ordered = list(checks.values())
        totals = {check.key: sum(c[check.key] for c in counts.values()) for check in ordered}
        rows = []
        for county, counter in sorted(counts.items(), key=lambda item: (item[0] is None, names.get(item[0], ""))):
            rows.append(
                {
                    "county": county,
                    "name": names.get(county),
                    "total": sum(counter.values()),
                    "flags": [(check, counter[check.key]) for check in ordered if counter[check.key]],
                }
            )
        return render(
            request,
            "core/quality.html",
            {"checks": [(check, totals[check.key]) for check in ordered], "rows": rows},
        )


class QualityListView(LoginRequiredMixin, View):
    def get(self, request, key):
        from orgs.models import Organisation

        check = checks.get(key)
        if check is None:
            raise Http404
        county = None
        county_id = request.GET.get("county", "")
        if county_id:
            if not county_id.isdigit():
                raise Http404
            county = get_object_or_404(Organisation.objects.restrict(request.user, VIEW), pk=county_id)
        rows = flagged_for(check, request.user, within=county)
        related = check.path.rstrip("_")
        if related:
            rows = rows.select_related(related)
        page = Paginator(rows.order_by("pk"), 100).get_page(request.GET.get("page"))
        records = [(record, organisation_of(record, check.path)) for record in page.object_list]
        return render(
            request,
            "core/quality_list.html",
            {"check": check, "county": county, "page": page, "records": records, "count": page.paginator.count},
        )
