from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共机制")

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from . import changes, history  # noqa: F401  (history connects the request-id signal)

        changes.register_portal_models()
        # The change-stamp triggers are dropped before every migrate and made again after it for the tables as
        # they now are (core.changes.uninstall says why).
        pre_migrate.connect(_uninstall_change_triggers, sender=self)
        post_migrate.connect(_install_change_triggers, sender=self)
        from .registry import register_waiting
        from .selectors import import_jobs_waiting

        register_waiting(import_jobs_waiting)


def _install_change_triggers(sender, using="default", **kwargs):
    from django.db import connections

    from .changes import install

    install(connections[using])


def _uninstall_change_triggers(sender, using="default", **kwargs):
    from django.db import connections

    from .changes import uninstall

    uninstall(connections[using])
