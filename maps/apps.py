from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    """地图: the stations and homes of the reader's scope on a base map, when the deployment has a tile server."""

    name = "maps"
    verbose_name = _("地图")

    def ready(self):
        from core.registry import register_menu_item

        from .config import map_enabled

        register_menu_item("tongji", _("站、家地图"), "maps:map", permission=lambda user: map_enabled())
