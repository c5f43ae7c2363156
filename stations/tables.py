import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import PortalTable

from .choices import StationStatus, Tier
from .models import ServiceRecord, ServiceStation, StationReview

STATUS_CSS = {
    StationStatus.ACTIVE: "text-bg-success",
    StationStatus.SUSPENDED: "text-bg-warning",
    StationStatus.CLOSED: "text-bg-secondary",
}
TIER_CSS = {Tier.DEMONSTRATION: "text-bg-primary", Tier.STANDARD: "text-bg-info", Tier.ORDINARY: "text-bg-light border"}


def badge(css, text):
    return format_html('<span class="badge {}">{}</span>', css, text)


class ServiceStationTable(PortalTable):
    name = tables.Column(linkify=True, verbose_name=_("站名"))
    host = tables.Column(linkify=True, verbose_name=_("依托工会"))
    address = tables.Column(verbose_name=_("地址"), attrs={"td": {"class": "wrap small"}})
    floor_area = tables.Column(verbose_name=_("面积（㎡）"))
    hours = tables.Column(verbose_name=_("开放时间"), accessor="pk", orderable=False)
    staff = tables.Column(verbose_name=_("专职/兼职/志愿者"), accessor="pk", orderable=False)
    status = tables.Column(verbose_name=_("状态"))

    class Meta(PortalTable.Meta):
        model = ServiceStation
        fields = ("name", "host", "address", "floor_area", "hours", "staff", "status")

    def render_hours(self, record):
        return record.hours_display() or "—"

    def render_staff(self, record):
        return f"{record.full_time_staff}/{record.part_time_staff}/{record.volunteers}"

    def render_status(self, record):
        return badge(STATUS_CSS.get(record.status, ""), record.get_status_display())


class StationReviewTable(PortalTable):
    station = tables.Column(linkify=True, verbose_name=_("服务站"))
    year = tables.Column(linkify=True, verbose_name=_("年度"))
    items = tables.Column(verbose_name=_("“六有”满足项"), accessor="pk", orderable=False)
    tier = tables.Column(verbose_name=_("等级"))
    reviewed_on = tables.Column(verbose_name=_("评定日期"))
    reviewer = tables.Column(verbose_name=_("评定人"))

    class Meta(PortalTable.Meta):
        model = StationReview
        fields = ("station", "year", "items", "tier", "reviewed_on", "reviewer")

    def render_items(self, record):
        return f"{record.items_met()}/6"

    def render_tier(self, record):
        return badge(TIER_CSS.get(record.tier, ""), record.get_tier_display())


class ServiceRecordTable(PortalTable):
    date = tables.Column(linkify=True, verbose_name=_("服务日期"))
    station = tables.Column(linkify=True, verbose_name=_("服务站"))
    category = tables.Column(verbose_name=_("服务类别"))
    workers_served = tables.Column(verbose_name=_("服务人数"))
    description = tables.Column(verbose_name=_("服务内容"), attrs={"td": {"class": "wrap small"}})
    follow_up = tables.Column(verbose_name=_("跟进"), accessor="pk", orderable=False)

    class Meta(PortalTable.Meta):
        model = ServiceRecord
        fields = ("date", "station", "category", "workers_served", "description", "follow_up")

    def render_description(self, value):
        return value if len(value) <= 40 else value[:40] + "…"

    def render_follow_up(self, record):
        if not record.follow_up_needed:
            return "—"
        if record.follow_up_done:
            return badge("text-bg-success", _("已跟进"))
        return badge("text-bg-warning", _("待跟进"))
