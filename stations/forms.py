from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.widgets import RecordPicker
from orgs.models import Organisation

from .choices import Weekday
from .models import ServiceRecord, ServiceStation, StationContact, StationReview, StationService, parse_days


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class WeekdaysField(forms.MultipleChoiceField):
    """Opening days as ticks, stored as a digit string ("12345")."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        super().__init__(choices=Weekday.choices, required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return list(parse_days(value))
        return value

    def clean(self, value):
        return parse_days(super().clean(value))


class ServiceStationForm(ScopedModelForm):
    open_days = WeekdaysField(label=_("开放日"))

    sections = (
        (_("服务站"), ("name", "host", "address", "floor_area", "latitude", "longitude")),
        (_("开放时间"), ("opens_at", "closes_at", "open_days")),
        (_("人员与经费"), ("full_time_staff", "part_time_staff", "volunteers", "funding_source")),
        (_("状态"), ("status", "status_changed_on", "notes")),
    )

    class Meta:
        model = ServiceStation
        fields = [
            "name",
            "host",
            "address",
            "latitude",
            "longitude",
            "floor_area",
            "open_days",
            "opens_at",
            "closes_at",
            "full_time_staff",
            "part_time_staff",
            "volunteers",
            "funding_source",
            "status",
            "status_changed_on",
            "notes",
        ]
        widgets = {
            "host": RecordPicker(Organisation, scope="change"),
            "opens_at": TimeInput(),
            "closes_at": TimeInput(),
            "status_changed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class StationContactForm(ScopedModelForm):
    class Meta:
        model = StationContact
        fields = ["name", "role", "phone"]


class StationServiceForm(ScopedModelForm):
    class Meta:
        model = StationService
        fields = ["category", "offered"]
        widgets = {"offered": forms.Textarea(attrs={"rows": 2})}


# Five rows for a new station, one per service; a station offers the ones it fills in.
StationServiceFormSet = inlineformset_factory(
    ServiceStation, StationService, form=StationServiceForm, extra=5, max_num=5, can_delete=True
)
StationContactFormSet = inlineformset_factory(
    ServiceStation, StationContact, form=StationContactForm, extra=2, can_delete=True
)


class StationReviewForm(ScopedModelForm):
    class Meta:
        model = StationReview
        fields = [
            "station",
            "year",
            "reviewed_on",
            "reviewer",
            "has_sign",
            "good_location",
            "has_facilities",
            "rules_posted",
            "listed_publicly",
            "notes",
        ]
        widgets = {"reviewed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class ServiceRecordForm(ScopedModelForm):
    """One ledger line. The union choices are those under the station's host when the station is known
    (the quick entry from a station's page); the service refuses any outside it, whoever posts them."""

    class Meta:
        model = ServiceRecord
        fields = [
            "station",
            "date",
            "category",
            "workers_served",
            "unions",
            "description",
            "follow_up_needed",
            "follow_up_done",
            "follow_up_done_on",
        ]
        widgets = {
            "date": DateInput(),
            "follow_up_done_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
            "unions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unions = self.fields["unions"]
        station = self._station()
        if station is not None:
            host = station.host
            subtree = Organisation.objects.within(host)
            if not self.is_bound:
                # Only what the station serves is offered; a bound form keeps the whole write scope so that a
                # union from elsewhere gets the service's plain reason rather than "not a valid choice".
                unions.queryset = unions.queryset & subtree
        elif not self.is_bound:
            unions.queryset = unions.queryset.none()
            unions.help_text = _("先选择服务站并保存，或从服务站页面登记，才能选择职工所在工会。")

    def _station(self):
        station_id = None
        if self.is_bound:
            station_id = self.data.get(self.add_prefix("station"))
        elif self.instance.station_id:
            station_id = self.instance.station_id
        else:
            station_id = self.initial.get("station")
        station_id = getattr(station_id, "pk", station_id)
        if not station_id or not str(station_id).isdigit():
            return None
        return self.fields["station"].queryset.select_related("host").filter(pk=station_id).first()


class QuickRecordForm(ServiceRecordForm):
    """The compact ledger entry on a station's page: the station is fixed."""

    class Meta(ServiceRecordForm.Meta):
        fields = ["station", "date", "category", "workers_served", "unions", "description", "follow_up_needed"]
        widgets = {**ServiceRecordForm.Meta.widgets, "station": forms.HiddenInput()}
