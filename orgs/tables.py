import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import PathColumn, PortalTable

from .choices import Status
from .models import Organisation


class OrganisationTable(PortalTable):
    tablet_hidden = ("division_code",)
    name = tables.Column(linkify=True, verbose_name=_("名称"))
    path = PathColumn(accessor=None)
    level = tables.Column(verbose_name=_("层级"))
    credit_code = tables.Column(verbose_name=_("统一社会信用代码"))
    division_code = tables.Column(verbose_name=_("区划代码"))
    industry = tables.Column(verbose_name=_("行业"))
    status = tables.Column(verbose_name=_("状态"))

    class Meta(PortalTable.Meta):
        model = Organisation
        fields = ("name", "path", "level", "credit_code", "division_code", "industry", "status")

    def render_status(self, record):
        # A method, not a TemplateColumn: one template render fewer per row.
        css = "text-bg-success" if record.status == Status.ACTIVE else "text-bg-secondary"
        return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())
