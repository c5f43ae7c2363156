from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .registry import MENU_SECTIONS, registry


def portal(request):
    user = getattr(request, "user", None)
    menu = []
    if user is not None and user.is_authenticated:
        for key, label, icon in MENU_SECTIONS:
            items = []
            for item in registry.menu.get(key, []):
                if item.permission is not None and not item.permission(user):
                    continue
                try:
                    items.append({"label": item.label, "url": reverse(item.url_name)})
                except NoReverseMatch:
                    continue
            menu.append({"key": key, "label": label, "icon": icon, "items": items})
    return {"portal_name": settings.PORTAL_NAME, "portal_menu": menu}
