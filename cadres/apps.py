from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    """会: the cadre team ("选管用"): cadres, training, yearly duty appraisal and contact duty."""

    name = "cadres"
    verbose_name = _("会：干部队伍")

    def ready(self):
        from core.changes import register
        from core.registry import register_demo, register_menu_item, register_panel, register_search
        from orgs.models import Organisation

        from .models import AppraisalIndicator

        register(AppraisalIndicator)  # read with every appraisal: a change stamps area 0 (core.changes)

        from . import resources  # noqa: F401  (registers the spreadsheet Resources, also for Celery workers)
        from .demo import fill_demo
        from .models import Cadre
        from .selectors import cadre_team_panel, contact_cadres_panel, with_contact_log_count

        register_menu_item("hui", _("工会干部"), "cadres:cadre_list")
        register_menu_item("hui", _("干部履职考核"), "cadres:cadreappraisal_list")
        register_menu_item("hui", _("联系服务职工安排"), "cadres:contactassignment_list")
        register_menu_item("hui", _("联系服务记录"), "cadres:contactlog_list")
        register_panel(Organisation, _("干部队伍"), "cadres/panel_cadre_team.html", cadre_team_panel, order=30)
        register_panel(
            Organisation,
            _("联系干部"),
            "cadres/panel_contact_cadres.html",
            contact_cadres_panel,
            order=31,
            queryset=with_contact_log_count,
        )
        register_search(Cadre, ("name",), _("工会干部"), 30)
        register_demo(fill_demo, order=150)
        from . import quality as _quality

        _quality.register()
