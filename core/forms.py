"""Form bases: every choice list of related records is cut to the user's write scope here, once."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .scope import CHANGE


def restrict_related_fields(fields, user):
    for field in fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "restrict"):
            field.queryset = queryset.restrict(user, CHANGE)


class ScopedModelForm(forms.ModelForm):
    """A ModelForm for the generic edit view: takes `user` and limits related choices to their scope."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_related_fields(self.fields, user)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("数据文件"),
        help_text=_("按模板填写的 .xlsx 或 .csv 文件；先校验，确认无误后才会写入。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
