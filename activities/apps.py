from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """The activity log shared by 会, 站 and 家 (活动载体一体化): its panels on the pages of the union, the
    station and the home, its menu item and its demo data."""

    name = "activities"
    verbose_name = _("活动载体")

    def ready(self):
        from core.registry import register_demo, register_menu_item, register_panel, register_search
        from homes.models import WorkersHome
        from orgs.models import Organisation
        from stations.models import ServiceStation

        from . import resources  # noqa: F401  (registers the spreadsheet Resource, also for Celery workers)
        from .demo import fill_activities
        from .models import Activity
        from .selectors import home_activities, organisation_activities, station_activities

        # Under 家: activities are what a home is for (活动载体), and 站 and 会 reach them through their panels.
        register_menu_item("jia", _("活动"), "activities:activity_list")
        register_menu_item("jia", _("导入活动"), "activities:activity_import")
        template = "activities/panel_recent.html"
        register_panel(Organisation, _("近期活动"), template, organisation_activities, order=400)
        register_panel(ServiceStation, _("近期活动"), template, station_activities, order=400)
        register_panel(WorkersHome, _("近期活动"), template, home_activities, order=400)
        register_search(Activity, ("title",), _("活动"), 60)
        register_demo(fill_activities, order=300)
