from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app reminders: elections due, annual returns missing near their deadline, and what other apps
    register (core.registry.register_reminders), written daily by a periodic Celery task."""

    name = "notifications"
    verbose_name = _("提醒")

    def ready(self):
        from core.registry import register_demo

        register_demo(seed_reminders, order=900)


def seed_reminders(*, seed, stdout=None):
    """After every app's demo records: today's reminders, so that the demo users' bells show something."""
    from .services import reminders_send

    created = reminders_send()
    if stdout:
        stdout.write(f"提醒：新建 {created} 条\n")
