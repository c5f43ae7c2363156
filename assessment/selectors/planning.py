"""Reads of target plans: live progress per child through the figures module, cascade shortfalls, and resource
totals per year and subtree."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.urls import reverse

from core.scope import VIEW, subtree_q

from ..models.planning import PlanIndicator, ResourceAllocation, ResourceKind, Target


def targets_for(org, year, keys):
    """{figure key: target value} that the plans of `year` set for `org` (the level above issues them)."""
    rows = Target.objects.filter(
        organisation=org, indicator__plan__year=year, indicator__figure__in=list(keys)
    ).values_list("indicator__figure", "value")
    return dict(rows)


def annotate_progress(targets):
    """Set `actual` on each target from the figures. Targets go to the children of their plan's issuer, so they
    are grouped by (figure, year, issuer): each group reads the rollups once whatever the number of children."""
    from figures.registry import FIGURES

    groups = defaultdict(list)
    for target in targets:
        indicator = target.indicator
        if indicator.figure in FIGURES:
            groups[(indicator.figure, indicator.plan.year, target.organisation.parent_id)].append(target)
        else:
            target.actual = target.measured
    from figures.selectors import children_values
    from orgs.models import Organisation

    parents = Organisation.objects.in_bulk({parent_id for (_key, _year, parent_id) in groups if parent_id})
    for (key, year, parent_id), members in groups.items():
        figure = FIGURES[key]
        parent = parents.get(parent_id)
        # read from the maintained rollups (figures.rollups), as the dashboards do
        rows = children_values(parent, year, [figure]) if parent is not None else []
        values = {child.pk: child_values[key] for child, child_values in rows}
        for target in members:
            value = values.get(target.organisation_id, figure.empty()).value
            target.actual = None if value is None else Decimal(str(value))
    return targets


def aggregate_value(indicator, values):
    """What a set of children's targets amounts to: their sum for a count, their mean for a rate."""
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    total = sum(values)
    return (total / len(values)).quantize(Decimal("0.01")) if indicator.is_rate else total


def cascades_of(plan):
    """{(parent indicator id, child organisation id): (child plan indicator, its targets' sum or mean)} for the
    plans the children cascaded from `plan`: one grouped query."""
    rows = (
        PlanIndicator.objects.filter(parent__plan=plan)
        .select_related("plan")
        .annotate(total=Sum("targets__value"), mean=Avg("targets__value"), n=Count("targets"))
    )
    found = {}
    for row in rows:
        amount = row.mean if row.is_rate else row.total
        found[(row.parent_id, row.plan.issuer_id)] = (row, None if amount is None else Decimal(amount))
    return found


def indicator_shortfall(indicator):
    """For an indicator cascaded from above: (what the issuer was given, what its children's targets amount to,
    whether that falls short); None when the indicator was not cascaded."""
    if indicator.parent_id is None:
        return None
    given = Target.objects.filter(indicator_id=indicator.parent_id, organisation_id=indicator.plan.issuer_id).first()
    if given is None:
        return None
    amount = aggregate_value(indicator, indicator.targets.values_list("value", flat=True))
    return {"given": given.value, "amount": amount, "short": amount is not None and amount < given.value}


def plan_progress(*, user, plan):
    """Per indicator: the children's targets the reader may see, each with target, actual, gap, state and the
    link to the unions behind the actual, plus each child's cascade (and whether it falls short)."""
    targets = list(
        Target.objects.restrict(user, VIEW)
        .filter(indicator__plan=plan)
        .select_related("indicator__plan", "organisation")
        .order_by("indicator_id", "organisation__name")
    )
    annotate_progress(targets)
    cascades = cascades_of(plan)
    by_indicator = defaultdict(list)
    for target in targets:
        cascade = cascades.get((target.indicator_id, target.organisation_id))
        units_url = None
        if target.indicator.figure:
            units_url = (
                reverse("figures:units", args=[target.organisation_id, target.indicator.figure]) + f"?year={plan.year}"
            )
        by_indicator[target.indicator_id].append(
            {
                "target": target,
                "units_url": units_url,
                "cascade": cascade[0].plan if cascade else None,
                "cascade_amount": cascade[1] if cascade else None,
                "cascade_short": bool(cascade and cascade[1] is not None and cascade[1] < target.value),
            }
        )
    sections = []
    for indicator in plan.indicators.all():
        rows = by_indicator.get(indicator.pk, [])
        counts = defaultdict(int)
        for row in rows:
            counts[row["target"].state] += 1
        sections.append(
            {
                "indicator": indicator,
                "rows": rows,
                "counts": dict(counts),
                "shortfall": indicator_shortfall(indicator),
            }
        )
    return sections


def allocation_totals(*, user, organisation, year=None):
    """Resources received inside `organisation`'s subtree (that the reader may see): per year and kind, and per
    child organisation, from two grouped queries."""
    allocations = ResourceAllocation.objects.restrict(user, VIEW).filter(subtree_q("organisation__", [organisation.pk]))
    if year:
        allocations = allocations.filter(year=year)
    per_year = list(
        allocations.order_by()
        .values("year", "kind")
        .annotate(n=Count("pk"), amount=Sum("amount"), staff=Sum("staff"), area=Sum("area"))
        .order_by("-year", "kind")
    )
    labels = dict(ResourceKind.choices)
    for row in per_year:
        row["kind_display"] = labels.get(row["kind"], row["kind"])
    from orgs.models import Organisation

    children = list(Organisation.objects.filter(parent=organisation).order_by("name"))
    sums = {}
    for child in children:
        within = subtree_q("organisation__", [child.pk])
        sums[f"a{child.pk}"] = Sum("amount", filter=within & Q(kind=ResourceKind.FUNDS))
        sums[f"s{child.pk}"] = Sum("staff", filter=within & Q(kind=ResourceKind.STAFF))
        sums[f"v{child.pk}"] = Count("pk", filter=within & Q(kind=ResourceKind.VENUE))
    totals = allocations.aggregate(**sums) if sums else {}
    per_child = [
        {
            "organisation": child,
            "amount": totals.get(f"a{child.pk}") or 0,
            "staff": totals.get(f"s{child.pk}") or 0,
            "venues": totals.get(f"v{child.pk}") or 0,
        }
        for child in children
    ]
    per_child = [row for row in per_child if row["amount"] or row["staff"] or row["venues"]]
    return {"per_year": per_year, "per_child": per_child}


def organisation_panel(request, organisation):
    """The "目标责任" panel of a union's page: its coordination group, this year's targets given to it (live) and
    the plans it issued."""
    from django.utils import timezone

    from orgs.choices import Level

    from ..models.planning import PLAN_LEVELS, CoordinationGroup, TargetPlan

    user = request.user
    year = timezone.localdate().year
    # Not restricted: the page shows an organisation inside the reader's scope, and a target is read by its
    # organisation's whole scope (Target.scope_q_for), so every target given to it is visible here; restricting
    # would only add the look-up of the reader's ancestors.
    given = list(
        Target.objects.filter(organisation=organisation, indicator__plan__year=year).select_related(
            "indicator__plan__issuer", "organisation"
        )
    )
    annotate_progress(given)
    group = None
    if organisation.level in (*PLAN_LEVELS, Level.TOWNSHIP):  # the only levels that keep a group
        group = (
            CoordinationGroup.objects.restrict(user, VIEW)
            .filter(organisation=organisation)
            .prefetch_related("members")
            .first()
        )
    issued = []
    if organisation.level in PLAN_LEVELS:  # the only levels that issue plans (TargetPlan.clean)
        issued = list(TargetPlan.objects.restrict(user, VIEW).filter(issuer=organisation, year=year))
    return {"organisation": organisation, "year": year, "targets": given, "group": group, "issued": issued}
