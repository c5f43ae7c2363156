"""What the inspection and acceptance part of the app plugs into the shared screens (menu, union page panel,
search, the home page's waiting items, demo data)."""

from django.utils.translation import gettext_lazy as _


def ready_acceptance():
    from core.registry import (
        register_demo,
        register_home_panel,
        register_menu_item,
        register_panel,
        register_search,
        register_waiting,
    )
    from orgs.models import Organisation

    from . import acceptance_resources  # noqa: F401  (registers the export Resources, also for Celery workers)
    from .acceptance_demo import seed_acceptance
    from .acceptance_views import organisation_panel
    from .models import AcceptanceReport, Rubric
    from .selectors.acceptance import acceptance_waiting, home_desk

    register_menu_item("kaohe", _("考核验收报告"), "assessment:acceptancereport_list")
    register_menu_item("kaohe", _("检查计划"), "assessment:inspectionplan_list")
    register_menu_item("kaohe", _("检查"), "assessment:inspection_list")
    register_menu_item("kaohe", _("检查发现"), "assessment:finding_list")
    register_menu_item("kaohe", _("整改事项"), "assessment:rectification_list")
    register_menu_item("kaohe", _("考核验收标准"), "assessment:rubric_list")
    register_panel(Organisation, _("考核"), "assessment/partials/organisation_panel.html", organisation_panel, order=60)
    register_search(AcceptanceReport, ("organisation__name",), _("考核验收报告"), 60)
    register_search(Rubric, ("name",), _("考核验收标准"), 61)
    register_waiting(acceptance_waiting)
    register_home_panel("assessment/partials/home_desk.html", home_desk, order=50)
    register_demo(seed_acceptance, order=300)
