from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomesConfig(AppConfig):
    """家: workers' homes (issue 4): menu, the home panel on the union page, search and demo data."""

    name = "homes"
    verbose_name = _("家：职工之家")

    def ready(self):
        from core.registry import register_demo, register_menu_item, register_panel, register_search
        from orgs.models import Organisation

        from . import resources  # noqa: F401  (registers the spreadsheet Resource, also for Celery workers)
        from .demo import fill_homes
        from .models import WorkersHome
        from .selectors import home_panel

        register_menu_item("jia", _("职工之家"), "homes:workershome_list")
        register_menu_item("jia", _("导入职工之家"), "homes:workershome_import")
        register_panel(Organisation, _("职工之家"), "homes/panel_organisation.html", home_panel, order=300)
        register_search(WorkersHome, ("name",), _("职工之家"), 40)
        register_demo(fill_homes, order=200)
        from . import quality as _quality

        _quality.register()
