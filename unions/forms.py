from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.uploads import MultipleFileField
from core.widgets import RecordPicker
from orgs.choices import Level
from orgs.forms import StatsForm
from orgs.models import Organisation

from .choices import ItemState, SixHas
from .models import AnnualReturn, CoveredEmployer, Registration, SixHasItem, UnorganisedEmployer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_widgets(model, *names):
    return {name: DATE for name in names}


def union_field(form, name="organisation", levels=(Level.GRASSROOTS,)):
    """Organisation fields of 会 records: a search picker over active unions of `levels` in the write scope;
    fixed once the record exists (a record is moved by re-creating it, not by editing)."""
    field = form.fields[name]
    field.queryset = field.queryset.filter(level__in=levels, status="active")
    if form.instance.pk:
        field.disabled = True
        field.queryset = field.queryset.model.objects.filter(pk=getattr(form.instance, f"{name}_id"))
    field.widget = RecordPicker(Organisation, scope="change", level=levels)
    field.widget.choices = field.choices


class RegistrationForm(ScopedModelForm):
    validated_by_service = True  # with its other units, by services.registration_save
    sections = (
        (_("工会与单位"), ("organisation", "employer_name", "employer_credit_code", "employer_ownership",
                       "employer_industry", "employees", "is_joint")),
        (_("建会"), ("founded_on", "legal_cert_no", "legal_cert_on")),
        (_("主席"), ("chair_name", "chair_gender", "chair_ethnicity", "chair_kind", "chair_elected_on",
                    "chair_term_years", "chair_trained_on")),
        (_("组织机构"), ("vice_chairs", "committee_members", "funds_committee_on", "women_committee_on",
                      "branch_unions", "union_groups")),
        (_("会员"), ("members", "female_members", "migrant_members", "new_forms_members")),
        (_("经费与民主管理"), ("independent_account", "funds_remitted", "workers_congress", "open_affairs",
                         "collective_contract_on", "wage_contract_on", "women_contract_on", "safety_contract_on")),
    )  # fmt: skip

    class Meta:
        model = Registration
        exclude = ["created", "updated"]
        widgets = date_widgets(
            Registration, "founded_on", "legal_cert_on", "chair_elected_on", "chair_trained_on",
            "funds_committee_on", "women_committee_on", "collective_contract_on", "wage_contract_on",
            "women_contract_on", "safety_contract_on",
        )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        union_field(self)
        self.fields["employer_credit_code"].widget.attrs.update({"maxlength": 18, "style": "text-transform:uppercase"})
        organisation_id = self.initial.get("organisation")
        if not self.instance.pk and organisation_id and str(organisation_id).isdigit():
            # Registering from the union's page: start from what the tree already knows about it.
            union = self.fields["organisation"].queryset.filter(pk=organisation_id).first()
            if union is not None:
                name = union.name.removesuffix("工会委员会").removesuffix("联合工会").removesuffix("工会")
                known = {
                    "employer_name": name,
                    "employer_industry": union.industry,
                    "employer_ownership": union.ownership,
                }
                for field, value in known.items():
                    if not self.initial.get(field):  # the model's blank defaults are in initial already
                        self.initial[field] = value


class CoveredEmployerForm(ScopedModelForm):
    validated_by_service = True  # with the registration, by services.registration_save

    class Meta:
        model = CoveredEmployer
        fields = ["name", "credit_code", "ownership", "industry", "employees"]


CoveredEmployerFormSet = inlineformset_factory(
    Registration, CoveredEmployer, form=CoveredEmployerForm, extra=1, can_delete=True
)


class SixHasItemForm(ScopedModelForm):
    class Meta:
        model = SixHasItem
        fields = ["organisation", "item", "state", "note", "override_reason", "assessed_on"]
        widgets = {"assessed_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        union_field(self)
        if self.instance.pk:
            self.fields["item"].disabled = True


class SixHasRowForm(forms.Form):
    """One item on a union's six-has page: state, note and new evidence files."""

    state = forms.ChoiceField(label=_("达标情况"), choices=ItemState.choices, widget=forms.RadioSelect, required=False)
    note = forms.CharField(label=_("情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override_reason = forms.CharField(
        label=_("与登记情况不符的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("登记情况显示本项不具备条件而仍评为“达标”时填写。"),
    )
    files = MultipleFileField(label=_("上传佐证材料"))

    def __init__(self, *args, item, record=None, contrary=(), checked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = SixHas(item)
        self.record = record
        self.contrary = list(contrary)  # what the registration says against this item
        self.checked = checked  # whether the registration speaks to this item at all
        if record is not None and not self.is_bound:
            self.initial.update({"state": record.state, "note": record.note, "override_reason": record.override_reason})

    @property
    def proposed_state(self):
        """What the records suggest: partly met while any fact speaks against it, met when they all allow it."""
        if not self.checked:
            return None
        return ItemState.PARTLY if self.contrary else ItemState.MET

    def proposed_label(self):
        state = self.proposed_state
        return ItemState(state).label if state else ""

    def clean(self):
        data = super().clean()
        # An item not assessed yet may stay blank while others are filled in; what is written needs a state.
        if not data.get("state") and (data.get("note") or data.get("files") or self.record is not None):
            self.add_error("state", _("请选择达标情况。"))
        return data


class AnnualReturnForm(ScopedModelForm):
    class Meta:
        model = AnnualReturn
        fields = [
            "organisation", "year", "employees", "members", "female_members", "migrant_members",
            "new_forms_members", "funds_committee", "women_committee", "six_has_met", "note",
        ]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        union_field(self)
        if self.instance.pk:
            self.fields["year"].disabled = True
        from .selectors import DERIVED_RETURN_FIELDS

        for name in DERIVED_RETURN_FIELDS:
            field = self.fields[name]
            field.disabled = True
            field.required = False
            field.help_text = _("保存时由六有评定和建会登记自动得出，不需填写。")


class UnorganisedEmployerForm(ScopedModelForm):
    class Meta:
        model = UnorganisedEmployer
        exclude = ["created", "updated"]
        widgets = {"status_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        area.queryset = area.queryset.filter(level__in=[Level.COUNTY, Level.TOWNSHIP], status="active")
        area.widget = RecordPicker(Organisation, scope="change", level=(Level.COUNTY, Level.TOWNSHIP))
        area.widget.choices = area.choices
        union = self.fields["union"]
        union.queryset = union.queryset.filter(level=Level.GRASSROOTS)
        union.widget = RecordPicker(Organisation, scope="change", level=(Level.GRASSROOTS,))
        union.widget.choices = union.choices
        self.fields["credit_code"].widget.attrs.update({"maxlength": 18, "style": "text-transform:uppercase"})


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class CompletenessForm(StatsForm):
    """The completeness page's year and, optionally, one subtree of the reader's scope (above the unions)."""

    year = YearForm.base_fields["year"]
    field_order = ["year", "within"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["within"].queryset = self.fields["within"].queryset.exclude(level=Level.GRASSROOTS)
