"""Picking a record without sending thousands of <option>s: a search box whose results come from the server
(htmx), with the chosen id in a hidden input. The form field's queryset still decides what is accepted."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def picker_label(record):
    """How a record reads in a picker: its `picker_label` when the model gives one (a cadre with post and
    union), else str()."""
    label = getattr(record, "picker_label", None)
    return label if label is not None else str(record)


class RecordPicker(forms.Widget):
    """A picker over any model registered for global search (core.registry.register_search), searching its
    search fields within the user's read or write scope through /autocomplete/<app.model>/."""

    template_name = "core/widgets/picker.html"
    placeholder = _("输入名称搜索")

    def __init__(self, model=None, attrs=None, *, scope="change"):
        super().__init__(attrs)
        self.model = model
        self.scope = scope

    def format_value(self, value):
        if value in (None, ""):
            return ""
        return str(getattr(value, "pk", value))

    def search_url(self):
        return reverse("core:autocomplete", args=[self.model._meta.label_lower]) + f"?scope={self.scope}"

    def label_for(self, record):
        return picker_label(record)

    def current_label(self, current):
        # Name only what the field may take (its scoped queryset): an id sent by hand must not come back as the
        # name of a record outside the user's scope.
        allowed = getattr(getattr(self, "choices", None), "queryset", None)
        if allowed is None or not current.isdigit():
            return ""
        record = allowed.filter(pk=current).first()
        return self.label_for(record) if record is not None else ""

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
