from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    """会: a grassroots union's registration, the "六有" standard, annual returns and unorganised employers."""

    name = "unions"
    verbose_name = _("会：依法建会")
