from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """统计: one dashboard per organisation, read from the maintained rollups (figures.rollups)."""

    name = "dashboards"
    verbose_name = _("统计")

    def ready(self):
        from core.registry import register_menu_item

        register_menu_item("tongji", _("统计"), "dashboards:home")
