from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.widgets import RecordPicker
from orgs.choices import Level
from orgs.models import Organisation

from .models import FIELD_SOURCES, Group, GroupSet, Source


class GroupSetForm(forms.ModelForm):
    class Meta:
        model = GroupSet
        fields = ["code", "name", "source", "exclusive", "compulsory", "order", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # what the groups are made of cannot change under the memberships and rollups that use them
            self.fields["source"].disabled = True
            self.fields["code"].disabled = True
        else:
            self.fields["source"].choices = [
                (value, label) for value, label in Source.choices if value in (Source.MANUAL, Source.INDUSTRY_UNION)
            ]


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["code", "name", "order", "min_employees", "max_employees", "organisation"]
        widgets = {"organisation": RecordPicker(Organisation, scope="view", parents=True)}

    def clean(self):
        data = super().clean()
        low, high = data.get("min_employees"), data.get("max_employees")
        if low is not None and high is not None and low > high:
            raise ValidationError({"max_employees": _("职工人数上限不能小于下限。")})
        organisation = data.get("organisation")
        if organisation is not None and organisation.level != Level.INDUSTRY:
            raise ValidationError({"organisation": _("请选择一个产业工会。")})
        return data


class BaseGroupFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        source = self.instance.source
        bands = []
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            if source == Source.SIZE_BAND:
                low, high = data.get("min_employees") or 0, data.get("max_employees")
                for other_low, other_high, name in bands:
                    if low <= (other_high if other_high is not None else 10**12) and (
                        high is None or high >= other_low
                    ):
                        raise ValidationError(
                            _("职工规模“%(a)s”与“%(b)s”的人数范围重叠。") % {"a": data.get("name"), "b": name}
                        )
                bands.append((low, high, data.get("name")))
            if source == Source.INDUSTRY_UNION and not data.get("organisation"):
                raise ValidationError(_("产业工会分组集的每个分组都须选择所代表的产业工会。"))


GroupFormSet = inlineformset_factory(GroupSet, Group, form=GroupForm, formset=BaseGroupFormSet, extra=2)


def fixed_groups(group_set):
    """Field-sourced sets take their groups from the field's choices: not edited here."""
    return group_set.source in FIELD_SOURCES


class AssignForm(forms.Form):
    group = forms.ModelChoiceField(label=_("分组"), queryset=Group.objects.none())
    within = forms.ModelChoiceField(
        label=_("范围（其中全部正常状态的基层工会）"),
        queryset=Organisation.objects.none(),
        widget=RecordPicker(Organisation, scope="view", parents=True),
    )
    move = forms.BooleanField(label=_("已在本组其他分组的也移入"), required=False)

    def __init__(self, *args, group_set, user, **kwargs):
        super().__init__(*args, **kwargs)
        from core.scope import VIEW

        self.fields["group"].queryset = group_set.groups.all()
        self.fields["within"].queryset = Organisation.objects.restrict(user, VIEW).exclude(level=Level.GRASSROOTS)
        if not group_set.exclusive:
            del self.fields["move"]


class MembershipForm(forms.Form):
    """One field per set kept by hand: a choice for an exclusive set, several for the others."""

    def __init__(self, *args, sets, held, **kwargs):
        super().__init__(*args, **kwargs)
        self.sets = sets
        for group_set in sets:
            groups = group_set.groups.all()
            current = [g.pk for g in held.get(group_set.pk, [])]
            if group_set.exclusive:
                field = forms.ModelChoiceField(queryset=groups, required=False, label=group_set.name)
                field.initial = current[0] if current else None
            else:
                field = forms.ModelMultipleChoiceField(
                    queryset=groups, required=False, label=group_set.name, widget=forms.CheckboxSelectMultiple
                )
                field.initial = current
            field.help_text = group_set.description
            self.fields[f"set_{group_set.pk}"] = field

    def chosen(self):
        for group_set in self.sets:
            value = self.cleaned_data.get(f"set_{group_set.pk}")
            if group_set.exclusive:
                yield group_set, [value] if value else []
            else:
                yield group_set, list(value or [])
