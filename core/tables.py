import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class PortalTable(tables.Table):
    """Base of every list table."""

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        template_name = "django_tables2/bootstrap5-responsive.html"
        empty_text = _("没有符合条件的记录。")
        per_page = 25


class PathColumn(tables.Column):
    """The tree path of a row's organisation, from parents loaded with the row (no query per row)."""

    def __init__(self, accessor="organisation", **kwargs):
        kwargs.setdefault("verbose_name", _("所属路径"))
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("attrs", {"td": {"class": "wrap small text-body-secondary"}})
        self.org_accessor = accessor
        super().__init__(accessor=accessor or "pk", **kwargs)

    def render(self, record):
        org = record if not self.org_accessor else tables.A(self.org_accessor).resolve(record)
        return org.path_display() if org is not None else "—"

    def value(self, record):
        return self.render(record)
