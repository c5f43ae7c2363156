"""Generic write services for plain models; domain apps add their own where an action has more rules.

A write runs in one transaction: validate (the model's `clean()` holds the rules, so forms, imports and the
API share them), save with the acting user stamped on the history row, re-check that the saved row is still
inside the actor's write scope (rolling back otherwise), and emit a change event on commit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import events
from .scope import CHANGE, can, forget_scope
from .versions import check_version


def ensure_in_scope(actor, instance, scope=CHANGE):
    """Refuse (and so roll back) a write that leaves `instance` outside the actor's write scope."""
    forget_scope(actor)  # the write may have dissolved the organisation the actor's role stands on
    if actor is not None and not can(actor, instance, scope):
        forget_scope(actor)  # what was just read belongs to the write about to be undone
        raise PermissionDenied(_("保存后的记录不在您的管理范围内，已撤销本次修改。"))


def stamp(instance, actor):
    if actor is not None:
        instance._history_user = actor


def validate(instance, exclude=None, clean=None):
    """full_clean(), once per write. `clean`, when given, runs in place of the model's clean() for this one
    validation: a write that brings related records along passes them to the model's rules explicitly
    (`clean=lambda: registration.clean_with(covered)`), so nothing is hung on the instance for its rules."""
    if clean is None:
        instance.full_clean(exclude=exclude, validate_constraints=True)
        return
    instance.clean = clean
    try:
        instance.full_clean(exclude=exclude, validate_constraints=True)
    finally:
        del instance.clean


def duplicate_error(instance):
    """What a plain duplicate would have been told, for a write that passed validation but lost a race to a
    parallel one (the database's unique constraint refused it): the same check, run again now that the other
    row is committed, finds it and gives the same message."""
    try:
        instance.validate_unique()
        instance.validate_constraints()
    except ValidationError as exc:
        return exc
    return ValidationError(_("与已有记录重复，未保存。请刷新后重试。"))


def save_checked(*, instance, actor, action, scope=CHANGE):
    """The tail every write shares: save with the actor on the history row, re-check the write scope
    (rolling the transaction back if the record left it), and emit the change event on commit. An edit that
    carries the version it was read at is refused when the record changed since (core.versions).

    `scope="view"` is for a decision that takes the record out of everyone's write scope on purpose (accepting a
    report locks it): the service has decided who may act; the record must still lie in the actor's read scope."""
    check_version(instance)
    stamp(instance, actor)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise duplicate_error(instance) from None
    ensure_in_scope(actor, instance, scope)
    events.emit(instance, action, actor)
    return instance


@transaction.atomic
def record_create(*, actor, instance):
    validate(instance)
    return save_checked(instance=instance, actor=actor, action="create")


@transaction.atomic
def record_update(*, actor, instance):
    if instance.pk is None:
        raise ValidationError(_("记录尚未保存，无法修改。"))
    validate(instance)
    return save_checked(instance=instance, actor=actor, action="update")


@transaction.atomic
def record_delete(*, actor, instance):
    """Delete a dependent record (a line of a form, an attachment) once the actor may change it; history keeps
    the deleted row. Organisations and other registers are never deleted: they have their own close actions."""
    if actor is not None and not can(actor, instance, CHANGE):
        raise PermissionDenied(_("超出您的管理范围。"))
    stamp(instance, actor)
    events.emit(instance, "delete", actor)
    instance.delete()


@transaction.atomic
def attachments_add(*, actor, model, files, caption="", **parent):
    """Store uploaded `files` (already checked by core.uploads) as `model` records attached to `parent`
    (e.g. item=<SixHasItem>), with history and the actor's scope re-checked for each."""
    from .uploads import sniff

    created = []
    for upload in files:
        _kind, content_type = sniff(upload)
        instance = model(
            file=upload,
            original_name=getattr(upload, "name", "")[:255],
            content_type=content_type or "application/octet-stream",
            size=upload.size,
            caption=caption,
            uploaded_by=actor,
            **parent,
        )
        instance.full_clean(exclude=["file"])
        created.append(save_checked(instance=instance, actor=actor, action="create"))
    return created


def related_for(service, model, values):
    """The many-to-many values (by field name) that `service` takes as keyword arguments, so that every door
    hands a record's related records to its service explicitly (a ledger line's unions, checked there)."""
    import inspect

    params = inspect.signature(service).parameters
    names = {f.name for f in model._meta.many_to_many}
    return {name: value for name, value in values.items() if name in names and name in params}


# --- many records at once (spreadsheet imports) --------------------------------------------------------------
def _bulk_tail(*, actor, model, instances, action):
    """The shared tail of a bulk write, once per batch: the scope re-check in one query, then the events."""
    pks = [instance.pk for instance in instances]
    if actor is not None and model._default_manager.restrict(actor, CHANGE).filter(pk__in=pks).count() != len(set(pks)):
        raise PermissionDenied(_("保存后的记录不在您的管理范围内，已撤销本次修改。"))
    for instance in instances:
        events.emit(instance, action, actor)


def _history_attrs():
    from .middleware import current_request_id

    return {"request_id": current_request_id()}


@transaction.atomic
def _derive(instances):
    """What a model's save() derives (normalised codes, computed dates), done for records a bulk write stores
    without save(): a model declares it as `derive_on_save()`, which its save() calls too, and names the fields
    it sets in `fields_derived_on_save`. Returns those field names."""
    model = type(instances[0])
    if not hasattr(model, "derive_on_save"):
        return []
    for instance in instances:
        instance.derive_on_save()
    return list(model.fields_derived_on_save)


def records_bulk_create(*, actor, instances, validated=False):
    """record_create for many records of one model: validated set-based (unless the caller has just done so
    with core.validation.validate_many), inserted and given their history rows in batches."""
    from .bulk import create_with_history
    from .validation import raise_many, validate_many

    instances = list(instances)
    if not instances:
        return []
    model = type(instances[0])
    if not validated:
        raise_many(validate_many(instances))
    _derive(instances)
    created = create_with_history(
        instances, model, batch_size=500, default_user=actor, custom_historical_attrs=_history_attrs()
    )
    _bulk_tail(actor=actor, model=model, instances=created, action="create")
    return created


@transaction.atomic
def records_bulk_update(*, actor, instances, fields, validated=False):
    """record_update for many stored records of one model, writing `fields` (and the update time)."""
    from django.utils import timezone
    from simple_history.utils import bulk_update_with_history

    from .validation import raise_many, validate_many

    instances = list(instances)
    if not instances:
        return []
    model = type(instances[0])
    if not validated:
        raise_many(validate_many(instances))
    names = [name for name in dict.fromkeys([*fields, *_derive(instances)]) if name != "id"]
    if any(f.name == "updated" for f in model._meta.concrete_fields):
        now = timezone.now()
        for instance in instances:
            instance.updated = now
        names.append("updated")
    bulk_update_with_history(
        instances, model, names, batch_size=500, default_user=actor, custom_historical_attrs=_history_attrs()
    )
    _bulk_tail(actor=actor, model=model, instances=instances, action="update")
    return instances
