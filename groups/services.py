"""Writes of group sets and memberships: one function per action, each checking the rules in one place (the
models' clean()) and the actor's right, for every door (the pages, the bulk assignment, the demo)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.scope import CHANGE, can, is_unrestricted, role_nodes
from core.services import record_create, record_delete
from orgs.choices import Level

from .models import GroupMembership


def may_manage_sets(user):
    """Province staff (a write role at the province) and administrators keep the group sets."""
    if user is None or not user.is_authenticated:
        return False
    return is_unrestricted(user) or any(node.level == Level.PROVINCE for node in role_nodes(user, CHANGE))


def ensure_may_manage(user):
    if not may_manage_sets(user):
        raise PermissionDenied(_("只有省总工会工作人员可以管理分组集。"))


@transaction.atomic
def set_memberships(*, actor, organisation, group_set, groups):
    """Make `groups` (of `group_set`) the organisation's groups in that set: add what is missing, remove the rest.
    The organisation's row is locked, so that two officers assigning it at once cannot both pass the
    exclusivity check."""
    from orgs.models import Organisation

    if actor is not None and not can(actor, organisation, CHANGE):
        raise PermissionDenied(_("超出您的管理范围。"))
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    groups = list(groups)
    if any(group.group_set_id != group_set.pk for group in groups):
        raise ValidationError(_("所选分组不属于该分组集。"))
    if group_set.exclusive and len(groups) > 1:
        raise ValidationError(_("“%(set)s”是互斥的，只能选一个分组。") % {"set": group_set.name})
    held = {
        m.group_id: m for m in GroupMembership.objects.filter(organisation=organisation, group__group_set=group_set)
    }
    wanted = {group.pk for group in groups}
    for group_id, membership in held.items():
        if group_id not in wanted:
            record_delete(actor=actor, instance=membership)
    for group in groups:
        if group.pk not in held:
            record_create(actor=actor, instance=GroupMembership(group=group, organisation=organisation))


@transaction.atomic
def assign_subtree(*, actor, group, within, move=False):
    """Put every active grassroots union of `within`'s subtree into `group`, in batched inserts. For an
    exclusive set, unions already in another group of it are left where they are, or moved with `move`. Returns
    (added, moved, skipped)."""
    from django.db.models import Exists, OuterRef

    from core.scope import subtree_q
    from orgs.models import Organisation

    ensure_may_manage(actor)
    group_set = group.group_set
    if not group_set.uses_memberships:
        raise ValidationError(_("“%(set)s”按组织的字段分组，不能手工指定。") % {"set": group_set.name})
    unions = Organisation.objects.filter(subtree_q("", [within]), level=Level.GRASSROOTS, status="active")
    elsewhere = GroupMembership.objects.filter(group__group_set=group_set, organisation=OuterRef("pk")).exclude(
        group=group
    )
    moved = skipped = 0
    if group_set.exclusive:
        others = GroupMembership.objects.filter(
            group__group_set=group_set, organisation__in=unions.values("pk")
        ).exclude(group=group)
        if move:
            moved = others.count()
            others.delete()
        else:
            skipped = unions.filter(Exists(elsewhere)).count()
            unions = unions.exclude(Exists(elsewhere))
    fresh = unions.exclude(Exists(GroupMembership.objects.filter(group=group, organisation=OuterRef("pk"))))
    rows = [GroupMembership(group=group, organisation_id=pk) for pk in fresh.values_list("pk", flat=True)]
    GroupMembership.objects.bulk_create(rows, batch_size=5000)
    return len(rows), moved, skipped
