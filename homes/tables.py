import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import PathColumn, PortalTable

from .choices import HomeStatus
from .models import WorkersHome


class WorkersHomeTable(PortalTable):
    tablet_hidden = ("book_volumes",)
    name = tables.Column(linkify=True, verbose_name=_("名称"))
    organisation = tables.Column(linkify=True, verbose_name=_("所属工会"))
    path = PathColumn()
    status = tables.Column(verbose_name=_("状态"))
    standard = tables.Column(
        verbose_name=_("六位一体"), empty_values=(), orderable=False, attrs={"td": {"class": "wrap small"}}
    )
    book_volumes = tables.Column(verbose_name=_("书屋藏书（册）"))

    class Meta(PortalTable.Meta):
        model = WorkersHome
        fields = ("name", "organisation", "path", "status", "standard", "book_volumes")

    def render_status(self, record):
        css = {HomeStatus.IN_USE: "text-bg-success", HomeStatus.BUILDING: "text-bg-warning"}.get(
            record.status, "text-bg-secondary"
        )
        return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())

    def render_standard(self, record):
        missing = record.missing_functions()
        if not missing:
            return format_html('<span class="badge text-bg-success">{}</span>', _("达标"))
        return format_html(
            '<span class="badge text-bg-warning">{}</span> <span class="small">{}</span>',
            _("未达标"),
            _("缺：") + record.missing_display(),
        )
