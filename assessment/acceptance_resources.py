"""Spreadsheet exports of the inspection and acceptance records (the lists' 导出). Reports, findings and
rectifications are written through their pages and the API, which check who may act, so they have no import."""

from import_export import fields

from core.imports import ScopedResource, register_resource
from core.scope import VIEW
from orgs.models import Organisation
from orgs.resources import OrganisationRefWidget

from .models import AcceptanceReport, Finding, Inspection, InspectionPlan, Rectification, Rubric


def org_field(attribute, column):
    return fields.Field(attribute=attribute, column_name=column)


class ExportResource(ScopedResource):
    org_fields = ()

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        for name in self.org_fields:
            self.fields[name].widget = OrganisationRefWidget(self._organisations)

    def _organisations(self):
        return Organisation.objects.restrict(self.user, VIEW)

    def get_queryset(self):
        return self._meta.model._default_manager.restrict(self.user, VIEW)


@register_resource("assessment.rubric")
class RubricResource(ExportResource):
    owner = org_field("owner", "制定单位")
    org_fields = ("owner",)

    class Meta(ScopedResource.Meta):
        model = Rubric
        fields = ("id", "owner", "name", "version", "description", "deduction_points", "deduction_cap")


@register_resource("assessment.acceptancereport")
class AcceptanceReportResource(ExportResource):
    organisation = org_field("organisation", "被验收单位")
    org_fields = ("organisation",)

    class Meta(ScopedResource.Meta):
        model = AcceptanceReport
        fields = ("id", "organisation", "year", "state", "self_total", "accepted_total", "grade", "gate_failed",
                  "spot_check_failures", "submitted_at", "decided_at")  # fmt: skip

    def export_pdf(self, queryset, title):
        from django.utils.translation import gettext as _

        from .acceptance_pdf import results_pdf

        return results_pdf(queryset, _("%(name)s结果汇总") % {"name": title})


@register_resource("assessment.inspectionplan")
class InspectionPlanResource(ExportResource):
    organisation = org_field("organisation", "组织单位")
    org_fields = ("organisation",)

    class Meta(ScopedResource.Meta):
        model = InspectionPlan
        fields = ("id", "organisation", "year", "name", "starts_on", "ends_on")


@register_resource("assessment.inspection")
class InspectionResource(ExportResource):
    organisation = org_field("organisation", "被检查单位")
    org_fields = ("organisation",)

    class Meta(ScopedResource.Meta):
        model = Inspection
        fields = ("id", "organisation", "visit_on", "state", "note")


@register_resource("assessment.finding")
class FindingResource(ExportResource):
    class Meta(ScopedResource.Meta):
        model = Finding
        fields = ("id", "inspection", "text", "created")


@register_resource("assessment.rectification")
class RectificationResource(ExportResource):
    organisation = org_field("organisation", "整改单位")
    org_fields = ("organisation",)

    class Meta(ScopedResource.Meta):
        model = Rectification
        fields = ("id", "organisation", "requirement", "responsible", "deadline", "status", "answer")
