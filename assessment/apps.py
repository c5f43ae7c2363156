from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """考核: the target-responsibility system ("四个统一")."""

    name = "assessment"
    verbose_name = _("考核：目标责任制")

    def ready(self):
        from .acceptance_apps import ready_acceptance

        ready_acceptance()
