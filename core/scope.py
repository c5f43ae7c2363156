"""The one scope mechanism.

A user holds roles at organisations; a role covers the organisation's whole subtree. Whether a row is in
scope is decided here and nowhere else: every list, detail, form choice, export, search, figure and API
answer goes through `restrict()` (or `scope_q()` for the rare raw query).

Subtree membership is one equality on the ancestor column of the role organisation's level (a role at a
county is `county = X`, at a prefecture `prefecture = X`; see orgs.models.Organisation), so the planner
estimates the rows from the column's statistics and the test needs no bounds read in another statement.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


class ScopeNode(tuple):
    """(pk, level, tree_id) of an organisation a role stands on: what subtree_q needs to know of it."""

    pk = property(lambda self: self[0])
    level = property(lambda self: self[1])
    tree_id = property(lambda self: self[2])


def role_nodes(user, action):
    """The organisations whose subtrees `user` may act on, as ScopeNodes; memoised on the user object, which
    lives for one request."""
    from orgs.models import Role

    memo = user.__dict__.setdefault("_scope_org_ids", {})
    if action not in memo:
        # Both actions from one query: a page that lists (read scope) and offers "add" (write scope) reads the
        # roles once.
        rows = list(
            Role.objects.filter(user=user, organisation__status="active")
            .values_list("organisation_id", "organisation__level", "organisation__tree_id", "kind")
            .order_by("organisation_id")
        )
        for each in ACTIONS:
            kinds = set(Role.kinds_for(each))
            nodes = dict.fromkeys(ScopeNode(row[:3]) for row in rows if row[3] in kinds)
            memo.setdefault(each, list(nodes))
    return memo[action]


def role_org_ids(user, action):
    """Ids of the organisations whose subtrees `user` may act on (see role_nodes)."""
    return [node.pk for node in role_nodes(user, action)]


def forget_scope(user):
    """Drop the memo of `role_nodes`, so that the next check reads the roles afresh (after a write that may
    have dissolved or moved the organisation a role stands on)."""
    if user is not None:
        user.__dict__.pop("_scope_org_ids", None)
        user.__dict__.pop("_scope_ancestor_ids", None)


def subtree_q(path, nodes, *, strict=False):
    """A Q matching rows whose organisation (reached by `path`, "" for organisations themselves) lies in the
    subtree of one of `nodes`: organisations, ScopeNodes (see role_nodes) or plain ids.

    Per level it is one indexed equality: the ancestor column of that level for provinces, prefectures,
    counties and townships; the parent for industry and directly affiliated unions, which hold grassroots
    unions only; the row itself for a grassroots union. Plain ids, whose level is not known, get all of those
    tests at once, still in one statement. `strict` leaves the nodes themselves out (only what lies below)."""
    from django.db.models import F

    from orgs.choices import ANCESTOR_COLUMNS, Level

    by_column, holders, leaves, unknown = {}, set(), set(), set()
    for node in nodes or ():
        if isinstance(node, int | str):
            unknown.add(int(node))
            continue
        column = ANCESTOR_COLUMNS.get(node.level)
        if column:
            by_column.setdefault(column, set()).add(node.pk)
        elif node.level == Level.GRASSROOTS:
            leaves.add(node.pk)
        else:
            holders.add(node.pk)
    parts = []
    for column, ids in by_column.items():
        q = Q(**{f"{path}{column}_id__in": sorted(ids)})
        # Of a level's own subtree, only the node itself names itself in that level's column.
        parts.append(q & ~Q(**{f"{path}pk__in": sorted(ids)}) if strict else q)
    if unknown:
        ids = sorted(unknown)
        for column in ANCESTOR_COLUMNS.values():
            q = Q(**{f"{path}{column}_id__in": ids})
            parts.append(q & ~Q(**{f"{path}{column}_id": F(f"{path}pk")}) if strict else q)
        holders |= unknown
        leaves |= unknown
    if holders:
        parts.append(Q(**{f"{path}parent_id__in": sorted(holders)}))
    if (leaves or holders) and not strict:
        parts.append(Q(**{f"{path}pk__in": sorted(leaves | holders)}))
    if not parts:
        return Q(pk__in=[])
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
    nodes = role_nodes(user, action)
    q = subtree_q(model.scope_path, nodes)
    if action == VIEW:
        affiliated = affiliated_q(model.scope_path, nodes)
        if affiliated is not None:
            q |= affiliated
    return q


def affiliated_q(path, nodes):
    """条块结合: a role at a provincial industry union also reads the grassroots unions affiliated to it (their
    membership in its group of the industry_union set, groups.models), and their records; never writes them. One
    indexed subquery of organisation ids; None for a reader with no role at an industry union."""
    from django.apps import apps

    from orgs.choices import Level

    industry = [node.pk for node in nodes if node.level == Level.INDUSTRY]
    if not industry:
        return None
    membership = apps.get_model("groups", "GroupMembership")
    affiliated = membership.objects.filter(
        group__group_set__source="industry_union", group__organisation_id__in=industry
    ).values("organisation_id")
    return Q(**{f"{path}id__in" if path else "pk__in": affiliated})


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be cut down to one user's scope, as NetBox's `restrict(user, action)`."""

    def restrict(self, user, action=VIEW):
        q = scope_q(self.model, user, action)
        if not q:
            return self
        return self.filter(q)


def can(user, obj, action=CHANGE):
    """True when `obj` (saved) lies inside `user`'s scope for `action`."""
    covered = _covers_loaded(user, obj, action)
    if covered is not None:
        return covered
    return type(obj)._default_manager.restrict(user, action).filter(pk=obj.pk).exists()


def _covers_loaded(user, obj, action):
    """For an organisation as it was loaded from the database (its parent and level untouched since), the
    answer of subtree_q over the role nodes, read off the row's ancestor columns without a query; None when
    that cannot be told from the row (other models, or a row whose place changed in memory)."""
    from orgs.choices import ANCESTOR_COLUMNS, Level

    if getattr(type(obj), "scope_path", None) != "" or getattr(type(obj), "scope_q_for", None) is not None:
        return None
    stored = getattr(obj, "_stored_place", None)
    loaded = obj.__dict__
    if obj.pk is None or stored is None or stored != (loaded.get("parent_id"), loaded.get("level")):
        return None
    if any(f"{column}_id" not in loaded for column in ANCESTOR_COLUMNS.values()):
        return None  # deferred columns: ask the database
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if is_unrestricted(user):
        return True
    if action == VIEW and any(node.level == Level.INDUSTRY for node in role_nodes(user, action)):
        return None  # affiliated unions (affiliated_q): ask the database
    for node in role_nodes(user, action):
        if node.pk == obj.pk:
            return True
        column = ANCESTOR_COLUMNS.get(node.level)
        if column:
            if loaded[f"{column}_id"] == node.pk:
                return True
        elif node.level != Level.GRASSROOTS and loaded["parent_id"] == node.pk:
            return True
    return False


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
