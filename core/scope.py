"""The one scope mechanism.

A user holds roles at organisations; a role covers the organisation's whole subtree. Whether a row is in
scope is decided here and nowhere else: every list, detail, form choice, export, search, figure and API
answer goes through `restrict()` (or `scope_q()` for the rare raw query).

Subtree membership is a range test on the MPTT columns of the role's organisation, which the index on
(tree_id, lft) serves.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q, Subquery

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


def role_org_ids(user, action):
    """Ids of the organisations whose subtrees `user` may act on; memoised on the user object, which
    lives for one request."""
    from orgs.models import Role

    memo = user.__dict__.setdefault("_scope_org_ids", {})
    if action not in memo:
        memo[action] = list(
            Role.objects.filter(user=user, kind__in=Role.kinds_for(action), organisation__status="active")
            .values_list("organisation_id", flat=True)
            .distinct()
            .order_by("organisation_id")
        )
    return memo[action]


def forget_scope(user):
    """Drop the memo of `role_org_ids`, so that the next check reads the roles afresh (after a write that may
    have dissolved or moved the organisation a role stands on)."""
    if user is not None:
        user.__dict__.pop("_scope_org_ids", None)
        user.__dict__.pop("_scope_ancestor_ids", None)


def subtree_q(path, org_ids, *, strict=False):
    """A Q matching rows whose organisation (reached by `path`) lies in the subtree of one of `org_ids`.

    The subtree bounds are scalar subqueries, read in the same statement as the rows: bounds fetched in an
    earlier statement could be shifted by a concurrent tree write and let a neighbour's row slip in.
    `strict` leaves the role organisations themselves out (only what lies below them)."""
    from orgs.models import Organisation

    if not org_ids:
        return Q(pk__in=[])
    parts = []
    for org_id in org_ids:
        node = Organisation.objects.filter(pk=org_id)
        parts.append(
            Q(
                **{
                    f"{path}tree_id": Subquery(node.values("tree_id")[:1]),
                    f"{path}lft__gt" if strict else f"{path}lft__gte": Subquery(node.values("lft")[:1]),
                    f"{path}lft__lt" if strict else f"{path}lft__lte": Subquery(node.values("rght")[:1]),
                }
            )
        )
    return reduce(or_, parts)


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
    return subtree_q(model.scope_path, role_org_ids(user, action))


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
    return is_unrestricted(user) or bool(role_org_ids(user, action))


def read_only_reason(obj, user):
    """Why `user` may read `obj` but not change it: the record's own reason when it gives one (a return locked
    by its approved period), else the general one. Every door that refuses a write says this."""
    from django.utils.translation import gettext as _

    reason = getattr(obj, "read_only_reason", None)
    return (reason(user) if reason else None) or _("您可以查看但无权修改该记录。")


def role_ancestor_ids(user, action=VIEW):
    """Ids of the strict ancestors of the organisations `user` holds `action` roles at, found by walking the short
    parent chain (one query). For records issued from above to a subtree (target plans): a county officer
    reads the plan their prefecture or province issued, not only those issued inside their own subtree."""
    from orgs.models import Organisation

    memo = user.__dict__.setdefault("_scope_ancestor_ids", {})
    if action not in memo:
        chain = ["parent"]
        for _ in range(5):
            chain.append(chain[-1] + "__parent")
        rows = Organisation.objects.filter(pk__in=role_org_ids(user, action)).values_list(*[f"{c}_id" for c in chain])
        memo[action] = sorted({pk for row in rows for pk in row if pk is not None})
    return memo[action]
