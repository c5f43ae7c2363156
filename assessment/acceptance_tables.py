import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import PathColumn, PortalTable

from .acceptance_choices import RectificationStatus, ReportState
from .models import AcceptanceReport, Finding, Inspection, InspectionPlan, Rectification, Rubric

REPORT_BADGES = {
    ReportState.DRAFT: "text-bg-secondary",
    ReportState.SUBMITTED: "text-bg-info",
    ReportState.SCORED: "text-bg-primary",
    ReportState.ACCEPTED: "text-bg-success",
    ReportState.RETURNED: "text-bg-warning",
}
RECTIFICATION_BADGES = {
    RectificationStatus.OPEN: "text-bg-warning",
    RectificationStatus.DONE: "text-bg-info",
    RectificationStatus.VERIFIED: "text-bg-success",
    RectificationStatus.REOPENED: "text-bg-danger",
}


def badge(css, text):
    return format_html('<span class="badge {}">{}</span>', css, text)


class RubricTable(PortalTable):
    name = tables.Column(linkify=True, verbose_name=_("名称"))
    version = tables.Column(verbose_name=_("版本"))
    owner = tables.Column(verbose_name=_("制定单位"))

    class Meta(PortalTable.Meta):
        model = Rubric
        fields = ("name", "version", "owner", "updated")


class AcceptanceReportTable(PortalTable):
    tablet_hidden = ("rubric", "self_total")
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("被验收单位"))
    path = PathColumn()
    year = tables.Column(verbose_name=_("年度"))
    rubric = tables.Column(verbose_name=_("验收标准"))
    state = tables.Column(verbose_name=_("状态"))
    self_total = tables.Column(verbose_name=_("自评总分"))
    accepted_total = tables.Column(verbose_name=_("验收总分"))
    grade = tables.Column(verbose_name=_("等次"))

    class Meta(PortalTable.Meta):
        model = AcceptanceReport
        fields = ("organisation", "path", "year", "rubric", "state", "self_total", "accepted_total", "grade")

    def render_state(self, record):
        return badge(REPORT_BADGES.get(record.state, "text-bg-light"), record.get_state_display())

    def render_grade(self, record):
        if record.gate_failed:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', record.grade, _("必备项未达标"))
        return record.grade


class InspectionPlanTable(PortalTable):
    name = tables.Column(linkify=True, verbose_name=_("名称"))
    organisation = tables.Column(verbose_name=_("组织单位"))

    class Meta(PortalTable.Meta):
        model = InspectionPlan
        fields = ("name", "organisation", "year", "rubric", "starts_on", "ends_on")


class InspectionTable(PortalTable):
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("被检查单位"))
    path = PathColumn()
    plan = tables.Column(verbose_name=_("检查计划"))

    class Meta(PortalTable.Meta):
        model = Inspection
        fields = ("organisation", "path", "plan", "visit_on", "state")


class FindingTable(PortalTable):
    text = tables.Column(linkify=True, verbose_name=_("发现的问题"), attrs={"td": {"class": "wrap"}})
    inspection = tables.Column(verbose_name=_("检查"))

    class Meta(PortalTable.Meta):
        model = Finding
        fields = ("text", "inspection", "item", "created")


class RectificationTable(PortalTable):
    requirement = tables.Column(linkify=True, verbose_name=_("整改要求"), attrs={"td": {"class": "wrap"}})
    organisation = tables.Column(verbose_name=_("整改单位"))
    status = tables.Column(verbose_name=_("状态"))

    class Meta(PortalTable.Meta):
        model = Rectification
        fields = ("requirement", "organisation", "responsible", "deadline", "status")

    def render_status(self, record):
        text = badge(RECTIFICATION_BADGES.get(record.status, "text-bg-light"), record.get_status_display())
        if record.overdue:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', text, _("已逾期"))
        return text
