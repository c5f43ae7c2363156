from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomesConfig(AppConfig):
    """家: workers' homes (issue 4). Registers its menu and panels when its models land."""

    name = "homes"
    verbose_name = _("家：职工之家")
