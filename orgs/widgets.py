"""Picking an organisation without sending thousands of <option>s: a search box backed by
/orgs/autocomplete/, with the chosen id in a hidden input. Used by every form and filter that names an
organisation, so that a province of 300,000 unions stays usable on a slow rural link."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OrganisationPicker(forms.Widget):
    template_name = "orgs/widgets/organisation_picker.html"

    def __init__(self, attrs=None, *, scope="view", parents_only=False, levels=()):
        super().__init__(attrs)
        self.scope = scope
        self.parents_only = parents_only
        self.levels = tuple(levels)

    def format_value(self, value):
        if value in (None, ""):
            return ""
        return str(getattr(value, "pk", value))

    def get_context(self, name, value, attrs):
        from .models import Organisation

        context = super().get_context(name, value, attrs)
        current = self.format_value(value)
        label = ""
        if current.isdigit():
            # Name only what the field may take (its scoped queryset): an id sent by hand must not come back
            # as the path of an organisation outside the user's scope.
            allowed = getattr(getattr(self, "choices", None), "queryset", Organisation.objects.none())
            node = allowed.with_path().filter(pk=current).first()
            label = " / ".join(n.name for n in node.path()) if node else ""
        query = f"?scope={self.scope}" + ("&parents=1" if self.parents_only else "")
        query += "".join(f"&level={level}" for level in self.levels)
        context["widget"].update(
            {
                "label": label,
                "search_url": reverse("orgs:organisation_autocomplete") + query,
                "placeholder": _("输入名称、简称或代码搜索"),
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None
