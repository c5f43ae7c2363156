"""Reads of the tree that more than one screen needs."""

from django.db.models import Count

from core.scope import VIEW, is_unrestricted, role_org_ids

from .choices import Level, Status
from .models import Organisation, level_rank


def organisation_tree_roots(*, user):
    """The top nodes a user's read scope starts from: tree roots for a superuser, else the role organisations
    not already covered by another of the user's roles."""
    if is_unrestricted(user):
        return list(
            Organisation.objects.filter(parent=None).annotate(child_count=Count("children")).order_by("tree_id")
        )
    roles = list(
        Organisation.objects.filter(pk__in=role_org_ids(user, VIEW))
        .annotate(child_count=Count("children"))
        .order_by(level_rank(), "tree_id")
    )
    return [node for node in roles if not any(o.pk != node.pk and o.covers(node) for o in roles)]


def organisation_children(*, user, parent):
    return list(
        Organisation.objects.restrict(user, VIEW)
        .filter(parent=parent)
        .order_by("level", "name")
        .annotate(child_count=Count("children"))
        .only("id", "name", "level", "status", "parent_id")
    )


def organisation_level_counts(*, user, within=None):
    """Organisations by level and status inside the user's read scope (optionally one subtree). Read from the
    maintained rollups (core.registry.rollups) when the scope is whole subtrees of units holding others: the
    same few rows whatever the size of the province; counted live otherwise."""
    from django.utils import timezone

    from core.registry import registry

    table = {level: {"label": label, "active": 0, "inactive": 0} for level, label in Level.choices}
    reader = registry.rollups
    roots = [within] if within is not None else organisation_tree_roots(user=user)
    if reader is not None and roots and all(reader.is_bucket(root) for root in roots):
        year = timezone.localdate().year
        with reader.checked(year):
            for root in roots:
                for (_by, key), (n, _d) in reader.prefixed(root, year, reader.ORGANISATIONS).items():
                    _prefix, level, status = key.split(":", 2)
                    if level in table:
                        table[level]["active" if status == Status.ACTIVE else "inactive"] += n
        return [dict(level=level, **values) for level, values in table.items()]
    queryset = Organisation.objects.restrict(user, VIEW)
    if within is not None:
        queryset = queryset.within(within)
    rows = queryset.order_by().values("level", "status").annotate(n=Count("id"))
    for row in rows:
        key = "active" if row["status"] == Status.ACTIVE else "inactive"
        table[row["level"]][key] += row["n"]
    return [dict(level=level, **values) for level, values in table.items()]


def grassroots_missing_credit_code(user):
    """Waiting item: active grassroots unions in the user's write scope without a credit code."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from core.scope import CHANGE, has_any_scope

    if not has_any_scope(user, CHANGE):
        return []
    count = (
        Organisation.objects.restrict(user, CHANGE)
        .filter(level=Level.GRASSROOTS, status=Status.ACTIVE, credit_code="")
        .count()
    )
    url = reverse("orgs:organisation_list") + "?level=grassroots&status=active&missing=credit_code"
    return [{"label": _("基层工会缺少统一社会信用代码"), "count": count, "url": url}]
