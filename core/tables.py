import weakref

import django_tables2 as tables
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2 import utils as tables_utils

_inspect_signature = tables_utils.signature
_signatures = weakref.WeakKeyDictionary()


def _signature(fn):
    """django-tables2 inspects a column's render method for every cell it renders; a method's signature is the
    same for every instance, so it is inspected once per function."""
    func = getattr(fn, "__func__", None)
    if func is None:
        return _inspect_signature(fn)
    found = _signatures.get(func)
    if found is None:
        found = _signatures[func] = _inspect_signature(fn)
    return found


tables_utils.signature = _signature


class PortalTable(tables.Table):
    """Base of every list table."""

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        # django-tables2's bootstrap5-responsive, its rows built by body_rows().
        template_name = "core/partials/table.html"
        empty_text = _("没有符合条件的记录。")
        per_page = 25

    def body_rows(self):
        """The page's <tr>s as HTML, built in Python as the Django admin builds its changelist rows: the markup
        django-tables2's template gives (each row's attrs, each column's <td> attrs, values localised and
        escaped as {{ cell }} would), without the template engine's work per cell and the <td> attrs rebuilt
        for every cell, which were most of a list page's rendering. Attrs that depend on the record (callables)
        are still computed per cell."""
        columns = list(self.columns)
        fixed = {}
        for column in columns:
            merged = {**self.attrs, **column.column.attrs}
            td = merged.get("td", merged.get("cell", {}))
            if not any(callable(value) for value in td.values()):
                fixed[column.name] = column.attrs["td"].as_html()
        rows = []
        for row in self.paginated_rows:
            cells = []
            for column, cell in row.items():
                attrs = fixed.get(column.name)
                if attrs is None:
                    attrs = column.attrs["td"].as_html()
                if column.localize is False:
                    text = conditional_escape(str(cell))
                else:
                    text = conditional_escape(localize(template_localtime(cell)))
                cells.append(f"<td {attrs}>{text}</td>")
            rows.append(format_html("<tr {}>{}</tr>", row.attrs.as_html(), mark_safe("".join(cells))))
        return mark_safe("\n".join(rows))


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
