from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.widgets import RecordPicker
from orgs.models import Organisation

from .choices import Function
from .models import Facility, Honour, SatisfactionRating, WorkersHome

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkersHomeForm(ScopedModelForm):
    sections = (
        (_("职工之家"), ("organisation", "name", "status", "status_date", "latitude", "longitude", "address", "note")),
        (
            _("职工书屋"),
            (
                "bookroom_sign",
                "bookroom_dedicated",
                "bookroom_shelves",
                "bookroom_computer",
                "book_volumes",
                "digital_reading",
                "digital_platform",
                "bookroom_keeper",
                "lending_rules",
            ),
        ),
    )

    class Meta:
        model = WorkersHome
        fields = [
            "organisation", "name", "status", "status_date", "address", "latitude", "longitude", "book_volumes", "digital_reading",
            "digital_platform", "lending_rules", "bookroom_keeper", "bookroom_sign", "bookroom_dedicated",
            "bookroom_shelves", "bookroom_computer", "note",
        ]  # fmt: skip
        widgets = {
            "status_date": DATE,
            "lending_rules": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.widget = RecordPicker(Organisation, scope="change")
        field.widget.choices = field.choices
        field.help_text = _("基层工会、乡镇(街道)工会或县级总工会；每个工会登记一个职工之家。")
        self.fields["book_volumes"].help_text = _("有职工书屋时填写；标准为不少于 3000 册。")


class FacilityForm(ScopedModelForm):
    """A facility row; the six function flags are one multiple choice, shown as checkboxes."""

    functions = forms.MultipleChoiceField(
        label=_("提供功能"),
        choices=Function.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选两项及以上即为一室多用。"),
    )

    class Meta:
        model = Facility
        fields = ["kind", "name", "area"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("functions", self.instance.functions)

    def save(self, commit=True):
        self.instance.functions = self.cleaned_data.get("functions") or []
        return super().save(commit=commit)


class HonourForm(ScopedModelForm):
    class Meta:
        model = Honour
        fields = ["title", "level", "year", "override_reason"]
        widgets = {"override_reason": forms.TextInput()}


class RatingForm(ScopedModelForm):
    class Meta:
        model = SatisfactionRating
        fields = ["year", "percent", "respondents"]


FacilityFormSet = inlineformset_factory(WorkersHome, Facility, form=FacilityForm, extra=2, can_delete=True)
HonourFormSet = inlineformset_factory(WorkersHome, Honour, form=HonourForm, extra=1, can_delete=True)
RatingFormSet = inlineformset_factory(WorkersHome, SatisfactionRating, form=RatingForm, extra=1, can_delete=True)
