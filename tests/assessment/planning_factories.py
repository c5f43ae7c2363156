"""Factories of plans, targets, coordination groups and allocations (saved directly; tests use the doors)."""

import itertools
from decimal import Decimal

from assessment.models import (
    CoordinationGroup,
    PlanIndicator,
    ResourceAllocation,
    ResourceKind,
    Target,
    TargetPlan,
)
from orgs.choices import Level
from tests.factories import OrganisationFactory

YEAR = 2025
_n = itertools.count(1)


def plan_by(issuer, year=YEAR, **kwargs):
    kwargs.setdefault("name", f"{issuer.name}目标计划{next(_n):04d}")
    return TargetPlan.objects.create(issuer=issuer, year=year, **kwargs)


def indicator_of(plan, figure="", value="10", **kwargs):
    if not figure:
        kwargs.setdefault("name", f"自定义指标{next(_n):04d}")
        kwargs.setdefault("unit", "个")
    return PlanIndicator.objects.create(plan=plan, figure=figure, value=Decimal(value), **kwargs)


def child_of(org, level=Level.GRASSROOTS, **kwargs):
    kwargs.setdefault("name", f"{org.name}·下级{next(_n):04d}")
    return OrganisationFactory(level=level, parent=org, **kwargs)


def target_in(org, value="10", **kwargs):
    """A target of a free indicator of a plan issued by `org`, given to a new child of `org`."""
    indicator = indicator_of(plan_by(org))
    return Target.objects.create(indicator=indicator, organisation=child_of(org), value=Decimal(value), **kwargs)


def group_in(org):
    township = child_of(org, level=Level.TOWNSHIP)
    return CoordinationGroup.objects.create(organisation=township, leader_name="王建华", leader_post="工会主席")


def allocation_in(org, amount="1000"):
    allocation = ResourceAllocation(
        giver=org, year=YEAR, kind=ResourceKind.FUNDS, union=child_of(org), amount=Decimal(amount), source="own_funds"
    )
    allocation.full_clean()
    allocation.save()
    return allocation
