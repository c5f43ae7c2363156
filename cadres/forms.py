from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.widgets import RecordPicker
from orgs.choices import Level
from orgs.models import Organisation

from .models import (
    AppraisalIndicator,
    AppraisalScore,
    Cadre,
    CadreAppraisal,
    CadreTraining,
    ContactAssignment,
    ContactLog,
)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.picker_label


def cadre_field(form, name="cadre"):
    """The cadre choice: current cadres in the user's write scope, named with their union (several unions have a
    chair called 马海军). A cadre already chosen (an old record) stays selectable."""
    field = form.fields[name]
    queryset = field.queryset.select_related("organisation").order_by(
        "organisation__tree_id", "organisation__lft", "name"
    )
    keep = getattr(form.instance, f"{name}_id", None)
    current = queryset.filter(left_on__isnull=True)
    field.queryset = (current | queryset.filter(pk=keep)) if keep else current
    field.__class__ = CadreChoiceField
    # A prefecture has about 1,500 current cadres and the province 5,600: searched, not listed.
    field.widget = RecordPicker(Cadre, scope="change")
    field.widget.choices = field.choices


def organisation_picker(form, name, *, grassroots_only=False):
    field = form.fields[name]
    queryset = field.queryset.filter(status="active")
    if grassroots_only:
        queryset = queryset.filter(level=Level.GRASSROOTS)
    else:
        queryset = queryset.exclude(level=Level.PROVINCE)
    keep = getattr(form.instance, f"{name}_id", None)
    if keep:
        queryset = queryset | field.queryset.model.objects.filter(pk=keep)
    field.queryset = queryset
    field.widget = RecordPicker(Organisation, scope="change")
    field.widget.choices = field.choices


class CadreForm(ScopedModelForm):
    class Meta:
        model = Cadre
        fields = [
            "organisation", "name", "gender", "ethnicity", "post", "employment", "selection", "appointed_on",
            "left_on", "phone", "note",
        ]  # fmt: skip
        widgets = {"appointed_on": date_input(), "left_on": date_input(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_picker(self, "organisation")
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})


class CadreTrainingForm(ScopedModelForm):
    class Meta:
        model = CadreTraining
        fields = ["date", "course", "organiser", "hours", "certificate"]
        widgets = {"date": date_input()}


TrainingFormSet = inlineformset_factory(Cadre, CadreTraining, form=CadreTrainingForm, extra=1, can_delete=True)


class CadreAppraisalForm(ScopedModelForm):
    validated_by_service = True  # with its scores, by services.appraisal_save

    class Meta:
        model = CadreAppraisal
        fields = ["cadre", "year", "appraised_on", "grade_override", "override_reason", "comment"]
        widgets = {"appraised_on": date_input(), "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cadre_field(self)


class AppraisalScoreForm(ScopedModelForm):
    validated_by_service = True  # with the appraisal, by services.appraisal_save

    class Meta:
        model = AppraisalScore
        fields = ["indicator", "score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        indicator = self.fields["indicator"]
        keep = self.instance.indicator_id
        queryset = AppraisalIndicator.objects.filter(active=True)
        indicator.queryset = (queryset | AppraisalIndicator.objects.filter(pk=keep)) if keep else queryset
        self.fields["score"].widget.attrs.update({"step": "0.5", "min": "0"})


class BaseScoreFormSet(forms.BaseInlineFormSet):
    """One row per active indicator on a new appraisal, the indicator filled in."""

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and "initial" not in kwargs:
            # New appraisals get a row per active indicator; older ones a row for any indicator added since.
            scored = set(instance.scores.values_list("indicator_id", flat=True)) if instance.pk else set()
            active = AppraisalIndicator.objects.filter(active=True).exclude(pk__in=scored)
            kwargs["initial"] = [{"indicator": i.pk} for i in active]
        super().__init__(*args, **kwargs)
        self.extra = len(self.initial_extra or ())
        if self.instance.pk is None:
            self.extra = max(self.extra, 1)

    def pending_scores(self):
        """(indicator, score) for every row that will be kept, for the appraisal's rules before it is saved."""
        pairs = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("indicator") is not None and data.get("score") is not None:
                pairs.append((data["indicator"], data["score"]))
        return pairs


ScoreFormSet = inlineformset_factory(
    CadreAppraisal, AppraisalScore, form=AppraisalScoreForm, formset=BaseScoreFormSet, extra=0, can_delete=True
)


class ContactAssignmentForm(ScopedModelForm):
    class Meta:
        model = ContactAssignment
        fields = ["cadre", "union", "start_on", "end_on", "note"]
        widgets = {"start_on": date_input(), "end_on": date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cadre_field(self)
        organisation_picker(self, "union", grassroots_only=True)


class ContactLogForm(ScopedModelForm):
    class Meta:
        model = ContactLog
        fields = ["cadre", "union", "date", "way", "workers_reached", "issues", "follow_up"]
        widgets = {
            "date": date_input(),
            "issues": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cadre_field(self)
        organisation_picker(self, "union", grassroots_only=True)
        self.fields["union"].help_text = _("只能选择该干部已被安排联系的基层工会。")
