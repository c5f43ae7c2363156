"""Export of the case list (cases are written through their form and steps, never through a spreadsheet)."""

from import_export import fields, widgets

from core.imports import ScopedResource, register_resource
from core.text import join_list

from .choices import Measure
from .models import Case, parse_measures


class MeasuresWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        labels = dict(Measure.choices)
        return join_list(str(labels.get(code, code)) for code in parse_measures(value or ""))


@register_resource("cases.case")
class CaseResource(ScopedResource):
    measures = fields.Field(attribute="measures", column_name="措施类别", widget=MeasuresWidget())
    published_by = fields.Field(attribute="published_by__username", column_name="发布人")

    class Meta(ScopedResource.Meta):
        model = Case
        fields = ("id", "title", "organisation", "summary", "measures", "state", "submitted_at", "published_at",
                  "published_by", "body")  # fmt: skip
