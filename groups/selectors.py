"""Which group of a set an organisation is in, whatever the set's source (groups.models), for the rollups, the
lists' filters and the integrity page: one definition each."""

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, NullIf

from orgs.choices import REGION_CLASS_FOR_TYPE, Level, Status

from .models import FIELD_SOURCES, GroupMembership, GroupSet, Source


def effective_region_class(path=""):
    """The region class of the organisation at `path` as targets and thresholds read it
    (Organisation.effective_region_class): the one set, else the default of its region type."""
    by_type = Case(
        *(When(**{f"{path}region_type": t}, then=Value(str(c))) for t, c in REGION_CLASS_FOR_TYPE.items()),
        default=None,
        output_field=CharField(),
    )
    return Coalesce(NullIf(F(f"{path}region_class"), Value("")), by_type)


def group_value_expression(group_set, path=""):
    """For a set whose groups come from a field or the employees: the Group.code of the organisation at `path`
    (NULL when it is in none). Membership sets have no such expression (see group_of_q)."""
    source = group_set.source
    if source == Source.REGION_CLASS:
        return effective_region_class(path)
    if source in FIELD_SOURCES:
        return NullIf(F(f"{path}{source}"), Value(""))
    if source == Source.SIZE_BAND:
        whens = []
        for group in group_set.groups.all():
            bounds = {}
            if group.min_employees is not None:
                bounds[f"{path}registration__employees__gte"] = group.min_employees
            if group.max_employees is not None:
                bounds[f"{path}registration__employees__lte"] = group.max_employees
            if bounds:
                whens.append(When(**bounds, then=Value(group.code)))
        if whens:
            return Case(*whens, default=None, output_field=CharField())
    return Value(None, output_field=CharField())


def group_codes(group_set):
    return {group.code: group.pk for group in group_set.groups.all()}


def group_of_q(group, path=""):
    """A Q on rows whose organisation (at `path`) is in `group`: one indexed subquery of organisation ids."""
    from orgs.models import Organisation

    column = f"{path}id__in" if path else "pk__in"
    if group.group_set.uses_memberships:
        return Q(**{column: GroupMembership.objects.filter(group=group).values("organisation_id")})
    ids = Organisation.objects.alias(r_code=group_value_expression(group.group_set)).filter(r_code=group.code)
    return Q(**{column: ids.values("pk")})


def unions():
    from orgs.models import Organisation

    return Organisation.objects.filter(level=Level.GRASSROOTS, status=Status.ACTIVE)


def missing(group_set, within=None):
    """Active grassroots unions in no group of the set (what a compulsory set must not have)."""
    from core.scope import subtree_q

    rows = unions()
    if within is not None:
        rows = rows.filter(subtree_q("", within if isinstance(within, list | tuple) else [within]))
    if group_set.uses_memberships:
        return rows.exclude(
            Exists(GroupMembership.objects.filter(organisation=OuterRef("pk"), group__group_set=group_set))
        )
    codes = list(group_set.groups.values_list("code", flat=True))
    return rows.alias(r_code=group_value_expression(group_set)).filter(Q(r_code=None) | ~Q(r_code__in=codes))


def in_two(group_set, within=None):
    """Organisations in two or more groups of an exclusive membership set (field sets cannot be)."""
    from core.scope import subtree_q
    from orgs.models import Organisation

    if not group_set.uses_memberships:
        return Organisation.objects.none()
    doubled = (
        GroupMembership.objects.filter(group__group_set=group_set)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("organisation_id")
    )
    rows = Organisation.objects.filter(pk__in=doubled)
    if within is not None:
        rows = rows.filter(subtree_q("", within if isinstance(within, list | tuple) else [within]))
    return rows


def integrity_problems(group_set, within=None):
    """{"missing": queryset or None, "in_two": queryset or None}: the unions a compulsory set misses, and the
    organisations an exclusive membership set has twice; None where the rule does not apply."""
    return {
        "missing": missing(group_set, within) if group_set.compulsory else None,
        "in_two": in_two(group_set, within) if group_set.exclusive and group_set.uses_memberships else None,
    }


def sets():
    return GroupSet.objects.prefetch_related("groups")


def groups_of(organisation):
    """[(set, [groups])] of one organisation over every set, field-derived or kept by hand."""
    from orgs.models import Organisation

    found = []
    held = {}
    for membership in GroupMembership.objects.filter(organisation=organisation).select_related("group"):
        held.setdefault(membership.group.group_set_id, []).append(membership.group)
    all_sets = list(sets())
    coded = [s for s in all_sets if not s.uses_memberships]
    values = {}
    if coded:
        annotations = {f"s{s.pk}": group_value_expression(s) for s in coded}
        values = Organisation.objects.filter(pk=organisation.pk).values(**annotations).first() or {}
    for group_set in all_sets:
        if group_set.uses_memberships:
            found.append((group_set, held.get(group_set.pk, [])))
        else:
            code = values.get(f"s{group_set.pk}")
            found.append((group_set, [g for g in group_set.groups.all() if g.code == code]))
    return found
