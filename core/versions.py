"""No lost update: every edit carries the version of the record it was read at, and a stale save is refused.

The version is the record's latest django-simple-history row (its `history_id`): every model is tracked and
every write goes through `core.services.save_checked`, which writes that row in the same transaction, so no
model needs a version column (and no app a migration). A form of a record edited with dependent rows (an
inline formset) carries the parent's version followed by the latest history id of each set of rows, so that a
change of any of them makes the whole form stale.

The check runs inside the write's transaction, after locking the record's row (`select_for_update`): a second
writer waits for the first to commit and then sees its history row, so two saves of the same version cannot
both pass. What changed since is read from the same history rows (field, old → new, who, when).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FIELD = "_version"  # the hidden form field; a leading underscore keeps it clear of any model field


def is_tracked(model):
    # A proxy (accounts.Account) shares its concrete model's history.
    return hasattr(model._meta.concrete_model._meta, "simple_history_manager_attribute")


def _history_model(model):
    concrete = model._meta.concrete_model
    return getattr(concrete, concrete._meta.simple_history_manager_attribute).model


def _latest(history, **lookup):
    return history.objects.filter(**lookup).order_by("-history_id").values_list("history_id", flat=True).first()


def _child(model, relation):
    rel = model._meta.get_field(relation)
    return rel.related_model, rel.field.attname


def version_of(obj, related=()):
    """The record's current version: "<history id>", or "<id>.<id>..." with the latest row of each related set."""
    model = type(obj)
    if obj.pk is None or not is_tracked(model):
        return ""
    parts = [_latest(_history_model(model), id=obj.pk) or 0]
    for relation in related:
        child, attname = _child(model, relation)
        parts.append(_latest(_history_model(child), **{attname: obj.pk}) or 0 if is_tracked(child) else 0)
    return ".".join(str(part) for part in parts)


def _parse(version):
    try:
        return [int(part) for part in str(version).strip().strip('"').removeprefix("W/").strip('"').split(".")]
    except ValueError:
        return None


def _display(field, value):
    if value is None or value == "":
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def _who(user):
    if user is None:
        return _("系统")
    return user.get_full_name() or user.get_username()


def _changes(history, model, lookup, since, subject=None):
    fields = {f.name: f for f in model._meta.fields}
    rows = list(
        history.objects.filter(history_id__gt=since, **lookup).select_related("history_user").order_by("history_id")
    )
    changes = []
    for row in rows:
        base = {
            "who": _who(row.history_user),
            "when": timezone.localtime(row.history_date).strftime("%Y-%m-%d %H:%M:%S"),
            "subject": subject(row) if subject else "",
        }
        previous = row.prev_record
        if row.history_type in ("+", "-") or previous is None:
            label = _("新增") if row.history_type == "+" else _("删除")
            changes.append({**base, "field": "", "label": label, "old": "", "new": ""})
            continue
        delta = row.diff_against(previous)
        if not delta.changes:
            label = row.history_change_reason or _("保存（无字段变化）")
            changes.append({**base, "field": "", "label": label, "old": "", "new": ""})
        for change in delta.changes:
            field = fields.get(change.field)
            changes.append(
                {
                    **base,
                    "field": change.field,
                    "label": str(field.verbose_name) if field is not None else change.field,
                    "old": _display(field, change.old),
                    "new": _display(field, change.new),
                }
            )
    return changes


def changes_since(obj, version, related=()):
    """What was written to `obj` (and its related rows) after `version`, oldest first: a list of dicts with
    field, label, old, new, who, when and subject (which dependent row, if any)."""
    model = type(obj)
    seen = _parse(version) or [0]
    changes = _changes(_history_model(model), model, {"id": obj.pk}, seen[0])
    for index, relation in enumerate(related, start=1):
        child, attname = _child(model, relation)
        if not is_tracked(child):
            continue
        since = seen[index] if index < len(seen) else 0
        name = child._meta.verbose_name
        changes += _changes(
            _history_model(child), child, {attname: obj.pk}, since, subject=lambda row, n=name: f"{n}：{row.instance}"
        )
    return changes


class StaleVersion(ValidationError):
    """The record changed after the editor read it; carries the current version and what changed."""

    def __init__(self, *, current, changes):
        last = changes[-1] if changes else None
        if last:
            message = _("您打开之后，%(who)s 于 %(when)s 修改了这条记录，您的修改没有保存。") % last
        else:
            message = _("您打开之后，这条记录已被他人修改，您的修改没有保存。")
        super().__init__(message, code="stale")
        self.current = current
        self.changes = changes


def check_version(instance):
    """Refuse the save of `instance` when it carries a version (`_version_seen`, set by ScopedModelForm and the
    API from If-Match) that is no longer current. Must run inside the write's transaction: it locks the row."""
    seen = getattr(instance, "_version_seen", None)
    if not seen or instance.pk is None or not is_tracked(type(instance)):
        return
    related = tuple(getattr(instance, "_version_related", ()))
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("check_version must run inside the write's transaction")
    # The lock makes a concurrent writer of the same row wait until this transaction ends, and this one wait
    # for any writer already holding it; the version read after it is then the committed one.
    list(type(instance)._base_manager.select_for_update().filter(pk=instance.pk).values_list("pk", flat=True))
    current = version_of(instance, related)
    if _parse(seen) != _parse(current):
        raise StaleVersion(current=current, changes=changes_since(instance, seen, related))
    # Checked once: later saves of the same object in the same write (the service's own) are not stale.
    instance._version_seen = None


def carry_version(source, fresh):
    """A service that re-reads its record (under a lock) keeps the version the caller read it at."""
    fresh._version_seen = getattr(source, "_version_seen", None)
    return fresh


def etag(version):
    return f'"{version}"' if version else None
