"""Form bases: every choice list of related records is cut to the user's write scope here, once."""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _

from . import versions
from .scope import CHANGE


def restrict_related_fields(fields, user):
    for field in fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "restrict"):
            field.queryset = queryset.restrict(user, CHANGE)


def scoped_initial(model, initial, user):
    """`initial` (a prefill from the query string, ?organisation=<id>) without the related ids that lie outside
    the user's write scope: dropped before any view or form reads them, exactly like ids that do not exist."""
    kept = dict(initial)
    wanted = {}
    for name, value in initial.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.is_relation and field.concrete and hasattr(field.related_model.objects, "restrict")):
            continue
        value = getattr(value, "pk", value)
        if str(value).isdigit():
            wanted.setdefault(field.related_model, {})[name] = int(value)
        else:
            kept.pop(name)
    for related, ids in wanted.items():
        allowed = set(related.objects.restrict(user, CHANGE).filter(pk__in=ids.values()).values_list("pk", flat=True))
        for name, pk in ids.items():
            if pk not in allowed:
                kept.pop(name)
    return kept


class ScopedModelForm(forms.ModelForm):
    """A ModelForm for the generic edit view: takes `user` and limits related choices to their scope.

    `sections` ((title, (field, ...)), ...) lays a long form out in titled groups, two fields to a row on wide
    screens; fields not named follow at the end."""

    sections = ()
    # Reverse relations edited with the record (the view's inline formsets): part of the version (core.versions).
    version_related = ()
    # True when the view's service validates the record (with the related rows it is written with) once: the
    # form then only reads its fields into the instance, and the service's errors are shown on the form.
    validated_by_service = False

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_related_fields(self.fields, user)
        given = kwargs.get("initial")
        if given and self.instance.pk is None:
            cut = scoped_initial(self._meta.model, given, user)
            for name in set(given) - set(cut):
                self.initial.pop(name, None)
        add_version_field(self)
        if self.sections:
            self.helper = sectioned_helper(self.sections, self.fields)

    def set_version_related(self, related):
        if tuple(related) == self.version_related:
            return  # the version add_version_field gave is already the one of these related rows
        self.version_related = tuple(related)
        if versions.FIELD in self.fields:
            self.fields[versions.FIELD].initial = versions.version_of(self.instance, self.version_related)

    def _post_clean(self):
        if self.validated_by_service:
            from django.forms.models import construct_instance

            try:
                self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            except ValidationError as exc:
                self._update_errors(exc)
        else:
            super()._post_clean()
        # The save refuses a stale version inside its transaction (core.services.save_checked). A form posted
        # without one (an old page, a script) is saved as before: last write wins.
        seen = self.cleaned_data.get(versions.FIELD) if hasattr(self, "cleaned_data") else None
        self.instance._version_seen = seen or None
        self.instance._version_related = self.version_related


def add_version_field(form):
    """The hidden version of the record being edited (not on a create, nor for an untracked model)."""
    if form.instance.pk is None or not versions.is_tracked(type(form.instance)):
        return
    form.fields[versions.FIELD] = forms.CharField(
        required=False,
        widget=forms.HiddenInput,
        initial=versions.version_of(form.instance, form.version_related),
    )


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
