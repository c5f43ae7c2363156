"""The one scope mechanism.

A user holds roles at organisations; a role covers the organisation's whole subtree. Whether a row is in
scope is decided here and nowhere else: every list, detail, form choice, export, search, figure and API
answer goes through `restrict()` (or `scope_q()` for the rare raw query).

Subtree membership is a range test on the MPTT columns of the role's organisation, which an index on
(tree_id, lft) serves; the role bounds are read fresh on every call because tree writes shift them.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


def role_bounds(user, action):
    """(tree_id, lft, rght) of the organisations whose subtrees `user` may act on."""
    from orgs.models import Role

    kinds = Role.kinds_for(action)
    rows = (
        Role.objects.filter(user=user, kind__in=kinds, organisation__status="active")
        .values_list("organisation__tree_id", "organisation__lft", "organisation__rght")
        .distinct()
    )
    return list(rows)


def subtree_q(path, bounds):
    """A Q matching rows whose organisation (reached by `path`) lies in one of the subtrees `bounds`."""
    if not bounds:
        return Q(pk__in=[])
    return reduce(
        or_,
        (Q(**{f"{path}tree_id": tree, f"{path}lft__gte": lft, f"{path}lft__lte": rght}) for tree, lft, rght in bounds),
    )


def is_unrestricted(user):
    return bool(user and user.is_active and user.is_superuser)


def scope_q(model, user, action=VIEW):
    """The filter that limits `model` to what `user` may `action`; Q() when nothing is hidden."""
    if action not in ACTIONS:
        raise ValueError(f"unknown scope action {action!r}")
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_unrestricted(user):
        return Q()
    custom = getattr(model, "scope_q_for", None)
    if custom is not None:
        return custom(user, action)
    return subtree_q(model.scope_path, role_bounds(user, action))


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be cut down to one user's scope, as NetBox's `restrict(user, action)`."""

    def restrict(self, user, action=VIEW):
        q = scope_q(self.model, user, action)
        if not q:
            return self
        return self.filter(q)


def can(user, obj, action=CHANGE):
    """True when `obj` (saved) lies inside `user`'s scope for `action`."""
    return type(obj)._default_manager.restrict(user, action).filter(pk=obj.pk).exists()


def has_any_scope(user, action=CHANGE):
    return is_unrestricted(user) or bool(role_bounds(user, action))
