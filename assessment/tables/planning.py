import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import PathColumn, PortalTable

from ..models.planning import CoordinationGroup, ResourceAllocation, Target, TargetPlan, TargetState

STATE_CSS = {
    TargetState.MET: "text-bg-success",
    TargetState.ON_TRACK: "text-bg-info",
    TargetState.BEHIND: "text-bg-danger",
    TargetState.UNKNOWN: "text-bg-secondary",
}


def state_badge(target):
    return format_html('<span class="badge {}">{}</span>', STATE_CSS[target.state], target.get_state_display())


class TargetPlanTable(PortalTable):
    name = tables.Column(linkify=True, verbose_name=_("名称"))
    year = tables.Column(verbose_name=_("年度"))
    issuer = tables.Column(linkify=True, verbose_name=_("下达单位"))
    parent = tables.Column(linkify=True, verbose_name=_("分解自"))

    class Meta(PortalTable.Meta):
        model = TargetPlan
        fields = ("name", "year", "issuer", "parent")


class TargetTable(PortalTable):
    organisation = tables.Column(linkify=True, verbose_name=_("责任单位"))
    indicator = tables.Column(verbose_name=_("指标"), accessor="indicator__display_name", orderable=False)
    plan = tables.Column(linkify=True, verbose_name=_("目标计划"), accessor="indicator__plan")
    value = tables.Column(verbose_name=_("目标值"))
    actual = tables.Column(verbose_name=_("完成值"), empty_values=(), orderable=False)
    state = tables.Column(verbose_name=_("状态"), empty_values=(), orderable=False)
    detail = tables.Column(
        verbose_name="", empty_values=(), orderable=False, linkify=lambda record: record.get_absolute_url()
    )

    class Meta(PortalTable.Meta):
        model = Target
        fields = ("organisation", "plan", "indicator", "value", "actual", "state", "detail")

    def before_render(self, request):
        # live progress for the page's rows at once: one query per figure, not per row
        from ..selectors.planning import annotate_progress

        annotate_progress([row.record for row in self.paginated_rows])

    def render_value(self, record):
        return f"{record.value:g}{record.indicator.unit}"

    def render_actual(self, record):
        return "—" if record.actual is None else f"{record.actual:g}{record.indicator.unit}"

    def render_state(self, record):
        return state_badge(record)

    def render_detail(self, record):
        return _("查看")


class CoordinationGroupTable(PortalTable):
    name = tables.Column(linkify=True, verbose_name=_("名称"))
    organisation = tables.Column(linkify=True, verbose_name=_("所属工会"))
    path = PathColumn()
    leader_name = tables.Column(verbose_name=_("组长（第一责任人）"))
    leader_post = tables.Column(verbose_name=_("组长职务"))
    office_name = tables.Column(verbose_name=_("办公室"))

    class Meta(PortalTable.Meta):
        model = CoordinationGroup
        fields = ("name", "organisation", "path", "leader_name", "leader_post", "office_name")


class ResourceAllocationTable(PortalTable):
    summary = tables.Column(verbose_name=_("配置内容"), empty_values=(), orderable=False, linkify=True, accessor="pk")
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(verbose_name=_("类别"))
    giver = tables.Column(linkify=True, verbose_name=_("配置单位"))
    organisation = tables.Column(linkify=True, verbose_name=_("受援单位"))

    class Meta(PortalTable.Meta):
        model = ResourceAllocation
        fields = ("summary", "year", "kind", "giver", "organisation")

    def render_summary(self, record):
        return str(record)
