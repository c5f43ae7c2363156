from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """统计指标: each figure defined once over 会, 站 and 家, read by targets, acceptance sheets and dashboards."""

    name = "figures"
    verbose_name = _("统计指标")
