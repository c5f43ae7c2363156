"""Writes to the organisation tree. Forms, the API, imports and the seed commands all come through here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.scope import CHANGE, can, is_unrestricted, role_org_ids
from core.services import ensure_in_scope, save_checked, validate
from core.text import join_list

from .choices import Level, Status
from .locking import NEW_TREE_KEY, tree_lock
from .models import ANCESTOR_VALUE_KEYS, Organisation
from .treeops import bulk_attach


def _tree_of(org_id):
    if org_id is None:
        return None
    return Organisation.objects.filter(pk=org_id).values_list("tree_id", flat=True).first()


def _home_tree(level, parent_id):
    """The MPTT tree a node at `level` under `parent_id` lives in: its parent's for a grassroots union, else a
    tree of its own (new ones are numbered under NEW_TREE_KEY)."""
    return _tree_of(parent_id) if level == Level.GRASSROOTS and parent_id else NEW_TREE_KEY


def _read_parent(instance):
    # Inside the lock, and locked against a move of the parent's own subtree (organisation_update locks every
    # organisation it carries along), so that the ancestor columns copied from it are current.
    if instance.parent_id:
        instance.parent = Organisation.objects.select_for_update(no_key=True).get(pk=instance.parent_id)


def organisation_create(*, actor, instance):
    """Create `instance` (unsaved) under its parent. Locks only the tree it joins: its parent's small tree for a
    grassroots union, else the lock for new trees."""
    with tree_lock(_home_tree(instance.level, instance.parent_id)):
        validate(instance)
        _read_parent(instance)
        save_checked(instance=instance, actor=actor, action="create")
    return instance


def organisation_update(*, actor, instance):
    """Save edits to `instance`, moving it when its parent changed.

    Locks the trees it leaves and joins, in a fixed order. Moving an organisation that holds others carries its
    new chain down to everything below it (see treeops.refresh_subtree_columns), after locking the rows of the
    organisations it carries, so that a union created under one of them meanwhile waits and reads the new chain."""
    if instance.pk is None:
        raise ValidationError(_("记录尚未保存，无法修改。"))
    tree_id, level = Organisation.objects.filter(pk=instance.pk).values_list("tree_id", "level").first() or (None, None)
    if instance.level == Level.GRASSROOTS:
        joins = _tree_of(instance.parent_id)
    else:
        # An organisation that holds others keeps its own tree; one that becomes able to hold others gets one.
        joins = NEW_TREE_KEY if level == Level.GRASSROOTS else None
    with tree_lock(tree_id, joins):
        validate(instance)
        fresh = Organisation.objects.get(pk=instance.pk)
        # Keep the tree columns as they are now, not as they were when the form loaded the row, and let
        # MPTT compare the new tree parent with the one stored now.
        for attr in ("lft", "rght", "tree_id", "depth", "tree_parent_id", *ANCESTOR_VALUE_KEYS):
            setattr(instance, attr, getattr(fresh, attr))
        instance._mptt_cached_fields["tree_parent"] = fresh.tree_parent_id
        instance._stored_place = (fresh.parent_id, fresh.level)
        moved = fresh.parent_id != instance.parent_id
        if (moved or fresh.level != instance.level) and fresh.level != Level.GRASSROOTS:
            list(
                Organisation.objects.within(fresh)
                .exclude(level=Level.GRASSROOTS)
                .order_by("pk")
                # NO KEY: a union created below meanwhile checks its foreign keys (KEY SHARE) only at commit.
                .select_for_update(no_key=True)
                .values_list("pk", flat=True)
            )
        _read_parent(instance)
        save_checked(instance=instance, actor=actor, action="move" if moved else "update")
    return instance


def organisation_bulk_create(*, actor, instances, validated=False):
    """Create many grassroots unions at once, as a spreadsheet import does.

    Saving them one by one costs a few queries each; here each parent's tree gets one update. Each union gets
    the same validation (set-based, a fixed number of queries; `validated` when the caller has just run
    core.validation.validate_many on them), scope check, history row and change event as organisation_create."""
    from core.validation import raise_many, validate_many

    instances = list(instances)
    if not instances:
        return []
    for instance in instances:
        if instance.level != Level.GRASSROOTS or not instance.parent_id:
            raise ValueError("organisation_bulk_create takes new grassroots unions with a parent")
    if not validated:
        raise_many(validate_many(instances))
    parent_ids = {instance.parent_id for instance in instances}
    if actor is not None and not is_unrestricted(actor):
        allowed = set(
            Organisation.objects.restrict(actor, CHANGE).filter(pk__in=parent_ids).values_list("pk", flat=True)
        )
        if allowed != parent_ids:
            raise PermissionDenied(_("保存后的记录不在您的管理范围内，已撤销本次修改。"))
    created = bulk_attach(instances, with_history=True, history_user=actor)
    for node in created:
        events.emit(node, "create", actor)
    return created


def may_close(actor, organisation):
    """Whether `actor` may dissolve or merge `organisation`: anything strictly below the organisations their
    roles stand on. The organisation a role stands on is closed by the level above it, never by its own
    officers, who would otherwise lock themselves out."""
    if actor is None or is_unrestricted(actor):
        return True
    return organisation.pk not in role_org_ids(actor, CHANGE) and can(actor, organisation, CHANGE)


def _ensure_may_close(actor, organisation):
    if not may_close(actor, organisation):
        raise PermissionDenied(_("不能撤销或合并您本人所在的组织，请联系上级工会办理。"))


def _ensure_no_active_children(organisation):
    active_children = organisation.children.filter(status=Status.ACTIVE).values_list("name", flat=True)[:5]
    if active_children:
        raise ValidationError(
            _("“%(name)s”还有正常状态的下级组织（%(children)s 等），请先撤销、合并或转移它们。")
            % {"name": organisation.name, "children": join_list(active_children)}
        )


@transaction.atomic
def _close(*, actor, organisation, status, on, into=None):
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != Status.ACTIVE:
        raise ValidationError(_("该组织已撤销或合并。"))
    if into is not None:
        if into.pk == organisation.pk or not into.is_active:
            raise ValidationError({"merged_into": _("请选择另一个正常状态的组织作为并入对象。")})
        if into.level != organisation.level:
            raise ValidationError({"merged_into": _("只能并入同一层级的组织。")})
        ensure_in_scope(actor, into)
    _ensure_may_close(actor, organisation)
    _ensure_no_active_children(organisation)
    organisation.status = status
    organisation.merged_into = into
    organisation.status_changed_on = on or timezone.localdate()
    validate(organisation)
    action = "merge" if into is not None else "dissolve"
    return save_checked(instance=organisation, actor=actor, action=action)


def organisation_dissolve(*, actor, organisation, on=None):
    """Mark an organisation dissolved (撤销). Its record, history and references stay."""
    return _close(actor=actor, organisation=organisation, status=Status.DISSOLVED, on=on)


def organisation_merge(*, actor, organisation, into, on=None):
    """Mark an organisation merged into another (合并). Both must be active and within the actor's scope."""
    return _close(actor=actor, organisation=organisation, status=Status.MERGED, on=on, into=into)
