from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.scope import subtree_q
from core.widgets import RecordPicker

from .choices import PARENT_LEVELS, Level
from .models import Organisation


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "level",
            "parent",
            "division_code",
            "credit_code",
            "industry",
            "ownership",
            "region_type",
            "region_class",
            "address",
            "contact_person",
            "contact_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        # Only active organisations that may hold others can be parents, never the node itself or anything
        # below it; the picker searches them, since a province has too many to list.
        queryset = parent.queryset.filter(level__in=PARENT_LEVELS, status="active")
        if self.instance.pk:
            queryset = queryset.exclude(subtree_q("", [self.instance]))
            if self.instance.parent_id:
                # Keeping the parent it has is no move: an officer may edit the union their role stands on,
                # whose parent lies above their write scope.
                queryset = queryset | Organisation.objects.filter(pk=self.instance.parent_id)
        parent.queryset = queryset
        parent.widget = RecordPicker(Organisation, scope="change", parents=True)
        parent.widget.choices = parent.choices  # the picker names only choices the field accepts
        parent.help_text = _("新设组织时选择其上级；修改上级即为转移组织。")
        if not self.instance.pk and not self.initial.get("level"):
            # Most new records a county officer enters are grassroots unions.
            self.initial["level"] = Level.GRASSROOTS
        self.fields["credit_code"].widget.attrs.update({"maxlength": 18, "style": "text-transform:uppercase"})
        self.fields["division_code"].widget.attrs.update({"inputmode": "numeric", "maxlength": 12})


class DissolveForm(forms.Form):
    ACTIONS = [("dissolve", _("撤销")), ("merge", _("合并到另一组织"))]

    action = forms.ChoiceField(label=_("操作"), choices=ACTIONS, widget=forms.RadioSelect, initial="dissolve")
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    into = forms.ModelChoiceField(label=_("并入组织"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args, organisation=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from core.scope import CHANGE

        if organisation is not None:
            self.fields["into"].queryset = (
                Organisation.objects.restrict(user, CHANGE)
                .filter(level=organisation.level, status="active", parent_id=organisation.parent_id)
                .exclude(pk=organisation.pk)
                .order_by("name")
            )
            self.fields["into"].help_text = _("可选同一上级下、同一层级的正常状态组织。")

    def clean(self):
        data = super().clean()
        if data.get("action") == "merge" and not data.get("into"):
            self.add_error("into", _("合并时须选择并入组织。"))
        return data


class StatsForm(forms.Form):
    within = forms.ModelChoiceField(
        label=_("范围"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=RecordPicker(Organisation, scope="view", parents=True),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from core.scope import VIEW

        self.fields["within"].queryset = Organisation.objects.restrict(user, VIEW)
