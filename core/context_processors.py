from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse

from .registry import MENU_SECTIONS, registry

_URLS = {}  # (url name, script prefix) -> the menu item's URL (or None): the same for every request of a process


def _menu_url(name):
    key = (name, get_script_prefix())
    if key not in _URLS:
        try:
            _URLS[key] = reverse(name)
        except NoReverseMatch:
            _URLS[key] = None
    return _URLS[key]


def portal(request):
    user = getattr(request, "user", None)
    menu = []
    if user is not None and user.is_authenticated:
        for key, label, icon in MENU_SECTIONS:
            items = []
            for item in registry.menu.get(key, []):
                if item.permission is not None and not item.permission(user):
                    continue
                url = _menu_url(item.url_name)
                if url is not None:
                    items.append({"label": item.label, "url": url})
            menu.append({"key": key, "label": label, "icon": icon, "items": items})
    return {"portal_name": settings.PORTAL_NAME, "portal_menu": menu}
