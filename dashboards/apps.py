from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """统计: one dashboard per organisation, read from the maintained rollups (figures.rollups)."""

    name = "dashboards"
    verbose_name = _("统计")

    def ready(self):
        from core.registry import register_demo, register_menu_item

        register_menu_item("tongji", _("统计"), "dashboards:home")
        register_demo(build_rollups, order=10_000)  # last: over every other app's demo records


def build_rollups(*, seed, stdout=None):
    """Build the dashboards' rollups of this year and the four before, so that the first reader does not wait."""
    from django.utils import timezone

    from figures import rollups

    year = timezone.localdate().year
    rollups.ensure_current(*range(year - 4, year + 1))
