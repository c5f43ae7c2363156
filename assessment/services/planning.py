"""Writes of target plans beyond the generic ones: giving every child its target, and cascading a child's share
one level further down. Each goes through core.services (validation, history, scope re-check, change event)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import record_create, record_update

from ..models.planning import PLAN_LEVELS, PlanIndicator, Target, TargetPlan, split_count


@transaction.atomic
def plan_fill_targets(*, actor, plan, reset=False):
    """Give each active child of the issuer a target on every indicator of `plan`: its region class's value (or
    the indicator's default). Targets already there keep their value unless `reset`. Returns how many were
    created and how many changed."""
    children = list(plan.children())
    existing = {
        (t.indicator_id, t.organisation_id): t
        for t in Target.objects.filter(indicator__plan=plan).select_related("indicator")
    }
    created = changed = 0
    for indicator in plan.indicators.all():
        for child in children:
            value = indicator.value_for(child)
            target = existing.get((indicator.pk, child.pk))
            if target is None:
                record_create(actor=actor, instance=Target(indicator=indicator, organisation=child, value=value))
                created += 1
            elif reset and target.value != value:
                target.value = value
                record_update(actor=actor, instance=target)
                changed += 1
    return created, changed


@transaction.atomic
def indicator_create(*, actor, instance):
    """An indicator added to a plan (API) gives every child its target at once."""
    indicator = record_create(actor=actor, instance=instance)
    plan_fill_targets(actor=actor, plan=indicator.plan)
    return indicator


@transaction.atomic
def plan_cascade(*, actor, plan, organisation):
    """`organisation` (a child of the plan's issuer) passes its targets on to its own children: a plan of its own
    for the same year whose indicators point at the parent's. A rate is passed on as it was given; a count is
    shared evenly (rounded up), and the child then adjusts the shares by hand."""
    if organisation.parent_id != plan.issuer_id:
        raise ValidationError(_("只能由%(issuer)s的直属下级分解本计划。") % {"issuer": plan.issuer.name})
    if organisation.level not in PLAN_LEVELS:
        raise ValidationError(_("%(level)s不再向下分解目标。") % {"level": organisation.get_level_display()})
    if TargetPlan.objects.filter(parent=plan, issuer=organisation).exists():
        raise ValidationError(_("%(org)s已分解过本计划。") % {"org": organisation.name})
    given = {t.indicator_id: t for t in Target.objects.filter(indicator__plan=plan, organisation=organisation)}
    if not given:
        raise ValidationError(_("本计划没有给%(org)s下达目标，无需分解。") % {"org": organisation.name})
    child_plan = record_create(
        actor=actor,
        instance=TargetPlan(issuer=organisation, year=plan.year, name=plan.name, parent=plan, note=plan.note),
    )
    grandchildren = child_plan.children().count()
    for indicator in plan.indicators.all():
        target = given.get(indicator.pk)
        if target is None:
            continue
        value = target.value if indicator.is_rate else split_count(target.value, grandchildren)
        record_create(
            actor=actor,
            instance=PlanIndicator(
                plan=child_plan,
                figure=indicator.figure,
                name=indicator.name,
                unit=indicator.unit,
                value=value,
                parent=indicator,
            ),
        )
    plan_fill_targets(actor=actor, plan=child_plan)
    return child_plan
