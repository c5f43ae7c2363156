import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import PortalTable

from .choices import CaseState
from .models import Case

STATE_CSS = {
    CaseState.DRAFT: "text-bg-light border",
    CaseState.SUBMITTED: "text-bg-warning",
    CaseState.PUBLISHED: "text-bg-success",
}


class CaseTable(PortalTable):
    title = tables.Column(linkify=True, verbose_name=_("标题"))
    organisation = tables.Column(linkify=False, verbose_name=_("报送单位"))
    summary = tables.Column(verbose_name=_("摘要"), attrs={"td": {"class": "wrap small"}})
    measures = tables.Column(verbose_name=_("措施类别"))
    state = tables.Column(verbose_name=_("状态"))
    published_at = tables.DateColumn(verbose_name=_("发布日期"), format="Y-m-d")

    tablet_hidden = ("summary",)

    class Meta(PortalTable.Meta):
        model = Case
        fields = ("title", "organisation", "summary", "measures", "state", "published_at")

    def render_summary(self, value):
        return value if len(value) <= 60 else value[:60] + "…"

    def render_measures(self, record):
        return record.measures_display() or "—"

    def render_state(self, record):
        css = STATE_CSS.get(record.state, "")
        badge = format_html('<span class="badge {}">{}</span>', css, record.get_state_display())
        if record.state == CaseState.DRAFT and record.return_reason:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', badge, _("已退回"))
        return badge
