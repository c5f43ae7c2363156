"""Reads of the shared machinery's own records."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ImportJob


def import_jobs_waiting(user):
    """Waiting item: the user's recent imports that passed validation but were not confirmed, or failed."""
    since = timezone.now() - timedelta(days=7)
    jobs = ImportJob.objects.restrict(user).filter(created__gte=since)
    items = []
    validated = jobs.filter(state=ImportJob.State.VALIDATED).order_by("-created").first()
    count = jobs.filter(state=ImportJob.State.VALIDATED).count()
    if count:
        items.append(
            {
                "label": _("已校验通过、等待确认的导入"),
                "count": count,
                "url": reverse("core:importjob_detail", args=[validated.pk]),
            }
        )
    return items
