from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    """会: the cadre team ("选管用"): cadres, training, yearly duty appraisal and contact duty."""

    name = "cadres"
    verbose_name = _("会：干部队伍")
