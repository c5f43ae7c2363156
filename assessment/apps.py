from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """考核: the target-responsibility system ("四个统一")."""

    name = "assessment"
    verbose_name = _("考核：目标责任制")

    def ready(self):
        from core.registry import register_reminders

        from .acceptance_apps import ready_acceptance
        from .reminders import rectification_reminders

        register_planning()
        ready_acceptance()
        register_reminders(rectification_reminders)


def register_planning():
    """统一部署工作 / 统一配置力量: menu, spreadsheet resources, search, the union page's panel and demo data."""
    from core.registry import register_demo, register_menu_item, register_panel, register_targets

    from .selectors.planning import targets_for

    register_targets(targets_for)

    from .resources import planning  # noqa: F401  (registers the spreadsheet Resources, also for Celery workers)

    register_menu_item("kaohe", _("目标计划"), "assessment:targetplan_list")
    register_menu_item("kaohe", _("目标完成情况"), "assessment:target_list")
    register_menu_item("kaohe", _("协调领导小组"), "assessment:coordinationgroup_list")
    register_menu_item("kaohe", _("资源配置"), "assessment:resourceallocation_list")
    register_menu_item("kaohe", _("资源配置汇总"), "assessment:allocation_totals")
    from orgs.models import Organisation

    from .demo_planning import fill_planning
    from .selectors.planning import organisation_panel

    register_panel(Organisation, _("目标责任"), "assessment/planning/panel_organisation.html", organisation_panel, 800)
    register_demo(fill_planning, order=900)
