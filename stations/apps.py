from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    """站: worker service stations, their yearly review and their service ledger (issue 4)."""

    name = "stations"
    verbose_name = _("站：职工服务站")

    def ready(self):
        from core.changes import register
        from core.registry import register_demo, register_menu_item, register_panel, register_search, register_waiting
        from orgs.models import Organisation

        from . import resources  # noqa: F401  (registers the spreadsheet Resources, also for Celery workers)
        from .demo import fill_demo
        from .models import ServiceStation, TierRule

        register(TierRule)  # the tiers every station's badge reads: a change stamps area 0 (core.changes)
        from .selectors import open_follow_ups, organisation_panel

        register_menu_item("zhan", _("职工服务站"), "stations:servicestation_list")
        register_menu_item("zhan", _("服务台账"), "stations:servicerecord_list")
        register_menu_item("zhan", _("年度评定"), "stations:stationreview_list")
        register_menu_item("zhan", _("导入服务台账"), "stations:servicerecord_import")
        register_panel(Organisation, "stations", "stations/partials/organisation_panel.html", organisation_panel, 20)
        register_search(ServiceStation, ("name", "address"), _("职工服务站"), 20)
        register_waiting(open_follow_ups)
        register_demo(fill_demo, 20)
        from . import quality as _quality

        _quality.register()
