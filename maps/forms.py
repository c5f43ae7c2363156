from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from orgs.forms import StatsForm

from .selectors import KINDS, kinds_of


class MapForm(StatsForm):
    """What the map shows: `within` (an organisation of the reader's scope, the whole scope when empty) and the
    kinds; the points feed adds the view (`bbox` west,south,east,north in degrees, as Leaflet writes it) and
    the zoom. Any bad value is a message, never a 500."""

    kind = forms.MultipleChoiceField(
        label=_("显示"),
        choices=[(code, kind.label) for code, kind in KINDS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    bbox = forms.CharField(required=False, widget=forms.HiddenInput)
    zoom = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean_bbox(self):
        raw = (self.cleaned_data.get("bbox") or "").strip()
        if not raw:
            return None
        try:
            west, south, east, north = (float(part) for part in raw.split(","))
        except ValueError:
            raise ValidationError(_("范围应为“西经度,南纬度,东经度,北纬度”四个数，如 89.4,31.6,103.1,39.2。")) from None
        if not all(-180 <= v <= 180 for v in (west, east)) or not all(-90 <= v <= 90 for v in (south, north)):
            raise ValidationError(_("范围超出了经度 −180 至 180、纬度 −90 至 90 度。"))
        if west > east or south > north:
            raise ValidationError(_("范围的西边应小于东边，南边应小于北边。"))
        return west, south, east, north

    def clean_zoom(self):
        zoom = self.cleaned_data.get("zoom")
        return 7 if zoom is None else min(zoom, settings.MAP_MAX_ZOOM)

    def selected_kinds(self):
        return kinds_of(self.cleaned_data.get("kind"))
