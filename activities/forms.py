from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.scope import subtree_q
from core.widgets import RecordPicker
from orgs.models import Organisation

from .models import Activity


class ActivityForm(ScopedModelForm):
    class Meta:
        model = Activity
        fields = ["title", "date", "category", "organisation", "station", "home", "participants", "description"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.widget = RecordPicker(Organisation, scope="change")
        organisation.widget.choices = organisation.choices
        self.fields["station"].queryset = self.fields["station"].queryset.select_related("host").order_by("name")
        self.fields["home"].queryset = self.fields["home"].queryset.select_related("organisation").order_by("name")
        if self.is_bound or not self._narrow_places():
            # Without a known organiser the lists would hold every station and home in scope (hundreds for a
            # province): searched, not listed.
            from homes.models import WorkersHome
            from stations.models import ServiceStation

            for name, model in (("station", ServiceStation), ("home", WorkersHome)):
                self.fields[name].widget = RecordPicker(model, scope="change")
                self.fields[name].widget.choices = self.fields[name].choices
        self.fields["station"].help_text = _("可选：主办工会自己的、上级工会的或其下级工会的服务站。")
        self.fields["home"].help_text = _("可选：主办工会自己的、上级工会的或其下级工会的职工之家。")

    def _narrow_places(self):
        """On a blank form for a known organiser (the "登记活动" link of a union, station or home page), offer only
        the stations and homes on its line, not every one in a province. A posted form keeps the full lists, so
        that a wrong choice gets the model's explanation rather than "not a valid choice"."""
        from orgs.models import Organisation

        org_id = self.instance.organisation_id or self.initial.get("organisation")
        organiser = Organisation.objects.filter(pk=org_id).first() if str(org_id or "").isdigit() else None
        if organiser is None:
            return False
        for name, path in (("station", "host__"), ("home", "organisation__")):
            field = self.fields[name]
            above = Q(**{f"{path}pk__in": organiser.ancestor_ids()})
            field.queryset = field.queryset.filter(above | subtree_q(path, [organiser]))
        return True
