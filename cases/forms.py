from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.uploads import IMAGE, check_upload
from core.widgets import RecordMultiPicker, RecordPicker
from homes.models import WorkersHome
from orgs.models import Organisation
from stations.models import ServiceStation

from .choices import Measure
from .models import Case, CasePhoto, parse_measures


class MeasuresField(forms.MultipleChoiceField):
    """The measures as ticks, stored as a comma list ("hui,jia")."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        super().__init__(choices=Measure.choices, required=False, **kwargs)

    def prepare_value(self, value):
        return parse_measures(value) if isinstance(value, str) else value

    def clean(self, value):
        return ",".join(parse_measures(super().clean(value)))


class CaseForm(ScopedModelForm):
    measures = MeasuresField(label=_("措施类别"), help_text=_("本案例属于哪方面的经验，可多选；报送前至少选一项。"))

    sections = (
        (_("案例"), ("title", "organisation", "summary", "measures")),
        (_("正文"), ("body",)),
        (_("涉及"), ("unions", "stations", "homes", "groups")),
    )

    class Meta:
        model = Case
        fields = ["title", "organisation", "summary", "measures", "body", "unions", "stations", "homes", "groups"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "groups": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.widget = RecordPicker(Organisation, scope="change")
        organisation.widget.choices = organisation.choices
        organisation.help_text = _("写出这条经验的单位；由它的上级工会审核发布（省总工会的由省总工会发布）。")
        for name, model in (("unions", Organisation), ("stations", ServiceStation), ("homes", WorkersHome)):
            field = self.fields[name]
            field.widget = RecordMultiPicker(model, scope="change")
            field.widget.choices = field.choices
        self.fields["unions"].help_text = _("案例涉及的工会；这些工会的页面会列出已发布的案例。")
        self.fields["groups"].queryset = self.fields["groups"].queryset.select_related("group_set")
        self.fields["groups"].label_from_instance = lambda group: f"{group.group_set.name}：{group.name}"
        self.fields["body"].help_text = _("纯文本；空一行即为分段。")


class CasePhotoForm(ScopedModelForm):
    """A photo and its caption; a new file is checked like every upload (an image by its content, within the size
    limit) and its name, type and size recorded."""

    class Meta:
        model = CasePhoto
        fields = ["file", "caption"]
        labels = {"file": _("照片")}
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.gif"})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            content_type = check_upload(upload, (IMAGE,))
            self.instance.original_name = (upload.name or "")[:255]
            self.instance.content_type = content_type
            self.instance.size = upload.size
            self.instance.uploaded_by = self.user if getattr(self.user, "is_authenticated", False) else None
        return upload


CasePhotoFormSet = inlineformset_factory(Case, CasePhoto, form=CasePhotoForm, extra=2, can_delete=True)
