"""Picking an organisation without sending thousands of <option>s: a search box backed by
/orgs/autocomplete/, with the chosen id in a hidden input. Used by every form and filter that names an
organisation, so that a province of 300,000 unions stays usable on a slow rural link."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.widgets import RecordPicker


class OrganisationPicker(RecordPicker):
    """Organisations are found by name, short name or code, and named by their full path."""

    placeholder = _("输入名称、简称或代码搜索")

    def __init__(self, attrs=None, *, scope="view", parents_only=False, levels=()):
        super().__init__(None, attrs, scope=scope)
        self.parents_only = parents_only
        self.levels = tuple(levels)

    def search_url(self):
        query = f"?scope={self.scope}" + ("&parents=1" if self.parents_only else "")
        query += "".join(f"&level={level}" for level in self.levels)
        return reverse("orgs:organisation_autocomplete") + query

    def current_label(self, current):
        from .models import Organisation

        if not current.isdigit():
            return ""
        allowed = getattr(getattr(self, "choices", None), "queryset", Organisation.objects.none())
        node = allowed.with_path().filter(pk=current).first()
        return " / ".join(n.name for n in node.path()) if node else ""
