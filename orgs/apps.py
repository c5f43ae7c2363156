from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = _("会：工会组织")

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from core.registry import register_menu_item, register_search, register_waiting

        from . import resources  # noqa: F401  (registers the spreadsheet Resource, also for Celery workers)
        from .models import Organisation
        from .selectors import grassroots_missing_credit_code

        register_menu_item("hui", _("工会组织"), "orgs:organisation_list")
        register_menu_item("hui", _("组织树"), "orgs:organisation_tree")
        register_menu_item("hui", _("导入工会组织"), "orgs:organisation_import")
        register_menu_item("tongji", _("组织统计"), "orgs:organisation_stats")
        register_waiting(grassroots_missing_credit_code)
        register_search(Organisation, ("name", "short_name", "credit_code", "division_code"), _("工会组织"), 10)
