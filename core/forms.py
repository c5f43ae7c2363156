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
    """A ModelForm for the generic edit view: takes `user` and limits related choices to their scope.

    `sections` ((title, (field, ...)), ...) lays a long form out in titled groups, two fields to a row on wide
    screens; fields not named follow at the end."""

    sections = ()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_related_fields(self.fields, user)
        if self.sections:
            self.helper = sectioned_helper(self.sections, self.fields)


def sectioned_helper(sections, fields):
    from crispy_forms.helper import FormHelper
    from crispy_forms.layout import Column, Fieldset, Layout, Row

    named = set()
    parts = []
    for title, names in sections:
        names = [name for name in names if name in fields]
        named.update(names)
        rows = [
            Row(*[Column(name, css_class="col-md-6") for name in names[i : i + 2]]) for i in range(0, len(names), 2)
        ]
        parts.append(Fieldset(title, *rows, css_class="mb-2"))
    rest = [name for name in fields if name not in named]
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    # Fields added after the form is built (the edit view's file field) are rendered at the end too.
    helper.render_unmentioned_fields = True
    helper.layout = Layout(*parts, *rest)
    return helper


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("数据文件"),
        help_text=_("按模板填写的 .xlsx 或 .csv 文件；先校验，确认无误后才会写入。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
