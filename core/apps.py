from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共机制")

    def ready(self):
        from . import history  # noqa: F401  (connects the request-id signal)
        from .registry import register_waiting
        from .selectors import import_jobs_waiting

        register_waiting(import_jobs_waiting)
