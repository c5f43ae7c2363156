from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """好经验: the good-practice case library (issue 12): menu, the panels on the pages of the unions, stations and
    homes a case involves, search and demo data."""

    name = "cases"
    verbose_name = _("好经验")

    def ready(self):
        from core.registry import register_demo, register_menu_item, register_panel, register_search
        from homes.models import WorkersHome
        from orgs.models import Organisation
        from stations.models import ServiceStation

        from . import resources  # noqa: F401  (registers the export Resource, also for Celery workers)
        from .demo import fill_cases
        from .models import Case
        from .selectors import home_cases, organisation_cases, station_cases, with_published_cases

        # Under 考核: 总结宣传好的经验和做法 belongs to the working mechanism the assessment section holds.
        register_menu_item("kaohe", _("好经验"), "cases:case_list")
        template = "cases/partials/panel.html"
        register_panel(
            Organisation, _("好经验"), template, organisation_cases, order=500, queryset=with_published_cases
        )
        register_panel(ServiceStation, _("好经验"), template, station_cases, order=500)
        register_panel(WorkersHome, _("好经验"), template, home_cases, order=500)
        register_search(Case, ("title", "summary"), _("好经验"), 70)
        register_demo(fill_cases, order=400)
