"""Change logging: who changed what, when, from which request, before and after.

Every model is registered with django-simple-history through `track()`, so all history tables share the
same shape (a request id beside the user) and the history tab can show diffs for any model.
"""

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.signals import pre_create_historical_record

from .middleware import current_request_id


class HistoricalRecordBase(models.Model):
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True, default="")

    class Meta:
        abstract = True


def track(model, **options):
    """Register `model` for history. MPTT models must come through here, not a field on the class:
    a HistoricalRecords field inside an MPTT model breaks its saves."""
    options.setdefault("bases", [HistoricalRecordBase])
    register(model, **options)
    return model


@receiver(pre_create_historical_record)
def _stamp_request_id(sender, history_instance, **kwargs):
    if hasattr(history_instance, "request_id") and not history_instance.request_id:
        history_instance.request_id = current_request_id()


def history_rows(obj, limit=None):
    """History records of `obj`, newest first, each with `.changes` (field label, old, new)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    model = type(obj)
    labels = {f.name: str(f.verbose_name) for f in model._meta.fields}
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        record.changes = []
        if older is not None:
            delta = record.diff_against(older)
            for change in delta.changes:
                record.changes.append((labels.get(change.field, change.field), change.old, change.new))
    return records
