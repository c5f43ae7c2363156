from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """The activity log shared by 会, 站 and 家 (活动载体一体化)."""

    name = "activities"
    verbose_name = _("活动载体")
