from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..config import map_enabled
from ..selectors import KINDS

register = template.Library()


@register.simple_tag
def map_button(obj):
    """A "在地图上查看" button for a station or home that has a point, when the map is on; nothing otherwise."""
    if not map_enabled() or not getattr(obj, "is_located", False):
        return ""
    label = f"{obj._meta.app_label}.{obj._meta.object_name}"
    code = next((kind.code for kind in KINDS.values() if kind.model == label), None)
    if code is None:
        return ""
    return format_html(
        '<a class="btn btn-outline-secondary btn-sm" href="{}?focus={}:{}"><i class="bi bi-geo-alt"></i> {}</a>',
        reverse("maps:map"),
        code,
        obj.pk,
        _("在地图上查看"),
    )


@register.simple_tag
def map_of_button(org):
    """A "地图" button opening the map on `org`'s subtree (from its dashboard), when the map is on."""
    if not map_enabled():
        return ""
    return format_html(
        '<a class="btn btn-sm btn-outline-secondary" href="{}?within={}"><i class="bi bi-geo-alt"></i> {}</a>',
        reverse("maps:map"),
        org.pk,
        _("站、家地图"),
    )
