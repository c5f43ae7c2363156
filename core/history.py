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


def _with_changes(records, model):
    """Give each record `.changes` (field label, old, new) against the previous version of the same row."""
    labels = {f.name: str(f.verbose_name) for f in model._meta.fields}
    by_row = {}
    for record in records:
        by_row.setdefault(record.id, []).append(record)
    for versions in by_row.values():
        for index, record in enumerate(versions):
            older = versions[index + 1] if index + 1 < len(versions) else None
            record.changes = []
            if older is not None:
                delta = record.diff_against(older)
                for change in delta.changes:
                    record.changes.append((labels.get(change.field, change.field), change.old, change.new))
    return records


def history_rows(obj, limit=None, related=()):
    """History records of `obj`, newest first, each with `.changes` (field label, old, new).

    `related` names reverse relations of rows edited with it (a home's facilities, a station's photos): their
    history joins the list, each record with `.subject` saying which row it was."""
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    _with_changes(records, model)
    for relation in related:
        rel = model._meta.get_field(relation)
        child = rel.related_model
        if not hasattr(child, "history"):
            continue
        rows = list(
            child.history.filter(**{rel.field.attname: obj.pk})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:limit]
        )
        _with_changes(rows, child)
        for record in rows:
            record.subject = f"{child._meta.verbose_name}：{record.instance}"
        records.extend(rows)
    records.sort(key=lambda r: r.history_date, reverse=True)
    return records[:limit] if limit else records
