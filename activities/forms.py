from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from orgs.widgets import OrganisationPicker

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
        organisation.widget = OrganisationPicker(scope="change")
        organisation.widget.choices = organisation.choices
        self.fields["station"].queryset = self.fields["station"].queryset.select_related("host").order_by("name")
        self.fields["home"].queryset = self.fields["home"].queryset.select_related("organisation").order_by("name")
        self.fields["station"].help_text = _("可选：主办工会自己的、上级工会的或其下级工会的服务站。")
        self.fields["home"].help_text = _("可选：主办工会自己的、上级工会的或其下级工会的职工之家。")
