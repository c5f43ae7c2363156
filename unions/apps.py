from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    """会: a grassroots union's registration, the "六有" standard, annual returns and unorganised employers."""

    name = "unions"
    verbose_name = _("会：依法建会")

    def ready(self):
        from core.registry import (
            register_demo,
            register_menu_item,
            register_panel,
            register_reminders,
            register_search,
            register_waiting,
        )
        from orgs.models import Organisation

        from . import resources  # noqa: F401  (registers the spreadsheet Resources, also for Celery workers)
        from .demo import reconcile_six_has, seed_unions
        from .models import Registration, UnorganisedEmployer
        from .selectors import waiting_for, with_glance
        from .views import organisation_panel

        register_menu_item("hui", _("建会登记"), "unions:registration_list")
        register_menu_item("hui", _("六有评定"), "unions:sixhasitem_list")
        register_menu_item("hui", _("换届提醒"), "unions:elections_due")
        register_menu_item("hui", _("年度报表"), "unions:annualreturn_list")
        register_menu_item("hui", _("年度填报审核"), "unions:returnperiod_list")
        register_menu_item("hui", _("未建会单位"), "unions:unorganisedemployer_list")
        register_menu_item("tongji", _("年度填报完成情况"), "unions:completeness")
        register_panel(
            Organisation,
            _("会"),
            "unions/partials/organisation_panel.html",
            organisation_panel,
            order=10,
            queryset=lambda queryset, request: with_glance(queryset),
        )
        register_search(Registration, ("employer_name", "employer_credit_code", "chair_name"), _("建会登记"), 20)
        register_search(UnorganisedEmployer, ("name", "credit_code"), _("未建会单位"), 25)
        register_waiting(waiting_for)
        register_demo(seed_unions, order=100)
        register_demo(reconcile_six_has, order=350)  # after homes, stations and activities
        register_menu_item("tongji", _("数据质量"), "core:quality")

        from . import quality

        quality.register()

        from .reminders import election_reminders, return_reminders

        register_reminders(election_reminders)
        register_reminders(return_reminders)
