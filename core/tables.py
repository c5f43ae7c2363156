import unicodedata
import weakref

import django_tables2 as tables
from django.db import models
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

PATH_SEPARATOR = " / "


def path_html(text):
    """A tree path on one line, cut from the left when it is too long so that the nearest ancestors stay in view;
    the whole path is in the title (hover) and in the text that screen readers and copy-paste get."""
    if not text:
        return "—"
    return format_html('<div class="path-trunc" title="{}"><bdi>{}</bdi></div>', text, text)


def display_width(text):
    """How wide a text reads, in Chinese characters (a Latin letter or a digit counts a little over half)."""
    return sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in str(text))


def _field(model, accessor):
    """The model field behind a column (following relations), or None for a method or a computed value."""
    return tables.A(accessor).get_field(model) if model is not None else None


class PortalTable(tables.Table):
    """Base of every list table.

    Lists must read at 1366 px and on an 820 px tablet without sideways scrolling, so every column gets a width
    class (static/css/portal.css): free text and related records (`col-text`, `col-main` for the first column)
    wrap above a minimum width, long choices (`col-choice`) wrap between words when the list is tight, the tree path
    (`col-path`) keeps one line cut from the left, and everything else (codes, dates, figures, badges) stays on
    one line. A table names in `tablet_hidden` the columns of least use, which give way below 992 px (and below
    1400 px in English, whose labels are longer)."""

    tablet_hidden = ()
    # Whether the first column, when it is text, keeps the widest minimum (off where it holds short words, names of
    # people).
    wide_first_column = True

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle portal-table"}
        # django-tables2's bootstrap5-responsive, its rows built by body_rows().
        template_name = "core/partials/table.html"
        empty_text = _("没有符合条件的记录。")
        per_page = 25

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, bound in enumerate(self.columns.iterall()):
            width = self.width_class(bound)
            # The first column names the row (a union, a station, a home): it wraps last.
            main = index == 0 and width == "col-text" and self.wide_first_column
            classes = ["col-main" if main else width]
            if bound.name in self.tablet_hidden:
                classes.append("col-low")
            classes = [c for c in classes if c]
            if not classes:
                continue
            attrs = bound.column.attrs  # the table's own deep copy of the column (django-tables2 copies per table)
            for cell in ("th", "td", "tf"):
                part = attrs.setdefault(cell, {})
                part["class"] = " ".join(filter(None, [part.get("class", ""), *classes]))

    def width_class(self, bound):
        column = bound.column
        if isinstance(column, PathColumn):
            return "col-path"
        if "wrap" in column.attrs.get("td", {}).get("class", "").split():
            return "col-text"
        field = _field(self._meta.model, bound.accessor)
        if field is None and column.link is not None:
            return "col-text"  # a link computed by the table (a summary, a record's name)
        if isinstance(field, models.ForeignKey | models.TextField):
            return "col-text"
        if isinstance(field, models.CharField):
            if not field.choices:
                return "col-text"
            # Short choices (a status, a level in Chinese) stay on one line; long ones (industry sections, English
            # states) may wrap between words.
            return "col-choice" if max(map(display_width, dict(field.flatchoices).values())) > 12 else ""
        return ""

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
        kwargs.setdefault("attrs", {"td": {"class": "small text-body-secondary"}})
        self.org_accessor = accessor
        super().__init__(accessor=accessor or "pk", **kwargs)

    def path(self, record):
        org = record if not self.org_accessor else tables.A(self.org_accessor).resolve(record)
        return org.path_display(PATH_SEPARATOR) if org is not None else ""

    def render(self, record):
        return path_html(self.path(record))

    def value(self, record):
        return self.path(record) or "—"
