"""Picking a record without sending thousands of <option>s: a search box whose results come from the server
(htmx), with the chosen id in a hidden input. The form field's queryset still decides what is accepted.

One widget and one search view (core.views.AutocompleteView) serve every model registered for global search,
organisations included: a province of 300,000 unions stays usable on a slow rural link."""

from django import forms
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


def picker_label(record):
    """How a chosen record reads in the picker's box: its `picker_label` when the model gives one (a cadre with
    post and union, an organisation with its whole path), else str()."""
    label = getattr(record, "picker_label", None)
    return label if label is not None else str(record)


def picker_hit(record):
    """One search result: the id, the label the box takes when it is chosen, and what the result shows (the
    model's `picker_title`, `picker_kind` and `picker_hint` when it gives them, else the label alone)."""
    label = picker_label(record)
    return {
        "pk": record.pk,
        "label": label,
        "title": getattr(record, "picker_title", None) or label,
        "kind": getattr(record, "picker_kind", ""),
        "hint": getattr(record, "picker_hint", ""),
    }


def picker_records(queryset):
    """`queryset` with what its labels read loaded (an organisation's path), when the model says how."""
    load = getattr(queryset, "with_path", None)
    return load() if load is not None else queryset


class RecordPicker(forms.Widget):
    """A picker over any model registered for global search (core.registry.register_search), searching its
    search fields within the user's read or write scope through /autocomplete/<app.model>/.

    Keyword filters are sent with every search and applied by the model's `picker_queryset(queryset, params)`
    (an organisation picker limited to some levels: `RecordPicker(Organisation, level=["grassroots"])`, or to
    organisations that may hold others: `parents=True`)."""

    template_name = "core/widgets/picker.html"

    def __init__(self, model, attrs=None, *, scope="change", placeholder=None, **filters):
        super().__init__(attrs)
        self.model = model
        self.scope = scope
        self.filters = filters
        self.placeholder = placeholder or getattr(model, "picker_placeholder", None) or _("输入名称搜索")

    def format_value(self, value):
        if value in (None, ""):
            return ""
        return str(getattr(value, "pk", value))

    def search_url(self):
        params = [("scope", self.scope)]
        for key, value in self.filters.items():
            if value is True:
                params.append((key, 1))
            elif isinstance(value, list | tuple | set | frozenset):
                params.extend((key, item) for item in value)
            elif value not in (None, False, ""):
                params.append((key, value))
        return reverse("core:autocomplete", args=[self.model._meta.label_lower]) + "?" + urlencode(params)

    def current_label(self, current):
        # Name only what the field may take (its scoped queryset): an id sent by hand must not come back as the
        # name of a record outside the user's scope.
        allowed = getattr(getattr(self, "choices", None), "queryset", None)
        if allowed is None or not current.isdigit():
            return ""
        record = picker_records(allowed.filter(pk=current)).first()
        return picker_label(record) if record is not None else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            {
                "label": self.current_label(self.format_value(value)),
                "search_url": self.search_url(),
                "placeholder": self.placeholder,
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None


class RecordMultiPicker(RecordPicker):
    """RecordPicker for a many-to-many field: each record chosen is a tag with its own hidden input and a button
    removing it, and the search box picks the next one. The field's queryset still decides what is accepted."""

    template_name = "core/widgets/picker_multi.html"
    allow_multiple_selected = True

    def format_value(self, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list | tuple | set | frozenset):
            value = [value]
        return [str(getattr(item, "pk", item)) for item in value if item not in (None, "")]

    def chosen(self, values):
        """(pk, label) of each chosen id; an id the field may not take keeps its tag (so that the form says it is
        not a valid choice, rather than dropping it unseen) under no name."""
        allowed = getattr(getattr(self, "choices", None), "queryset", None)
        ids = [value for value in values if value.isdigit()]
        records = {}
        if allowed is not None and ids:
            records = {str(record.pk): record for record in picker_records(allowed.filter(pk__in=ids))}
        return [
            {"pk": pk, "label": picker_label(records[pk]) if pk in records else str(_("（无权查看的记录）"))}
            for pk in ids
        ]

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"].update(
            {
                "chosen": self.chosen(context["widget"]["value"]),
                "search_url": self.search_url(),
                "placeholder": self.placeholder,
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        if getlist is not None:
            return getlist(name)
        value = data.get(name)
        return value if isinstance(value, list | tuple) else ([value] if value else [])

    def value_omitted_from_data(self, data, files, name):
        return False  # no tag left is "none chosen", not "not sent"
