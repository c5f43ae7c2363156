from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    """站: worker service stations (issue 4). Registers its menu and panels when its models land."""

    name = "stations"
    verbose_name = _("站：职工服务站")
