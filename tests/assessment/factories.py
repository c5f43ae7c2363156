"""Factories of rubrics, reports, inspections, findings and rectifications."""

import datetime
from decimal import Decimal

from assessment import acceptance_services as services
from assessment.models import (
    AcceptanceReport,
    Finding,
    GradeBand,
    Inspection,
    InspectionPlan,
    Rectification,
    Rubric,
    RubricItem,
)
from orgs.choices import Level
from tests.factories import OrganisationFactory

_counter = {"n": 0}


def _next():
    _counter["n"] += 1
    return _counter["n"]


def rubric(owner, *, items=None, name=None, cap=Decimal("4")):
    """A small rubric: two 会 items (one a gate), a 站 item, a 家 item needing evidence, one bonus item; bands
    优秀 90 / 良好 80 / 合格 60 / 不合格 0. Base points: 40 + 20 + 20 + 20 = 100, bonus 3."""
    r = Rubric.objects.create(owner=owner, name=name or f"测试验收标准{_next()}", deduction_cap=cap)
    specs = items or [
        ("hui", "依法选举产生工会主席", Decimal("40"), {"is_gate": True}),
        ("hui", "会员入会率达到 95%", Decimal("20"), {"thresholds": {"1": 95, "2": 90, "3": 85}}),
        ("zhan", "建有职工服务站", Decimal("20"), {}),
        ("jia", "职工之家六位一体", Decimal("20"), {"evidence_required": False}),
        ("jia", "获评模范职工之家", Decimal("3"), {"is_bonus": True}),
    ]
    for order, (group, text, points, flags) in enumerate(specs, start=1):
        RubricItem.objects.create(rubric=r, group=group, order=order, text=text, max_score=points, **flags)
    for name_, low in (("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0)):
        GradeBand.objects.create(rubric=r, name=name_, min_score=Decimal(low))
    return r


def union(parent, name=None):
    return OrganisationFactory(level=Level.GRASSROOTS, parent=parent, **({"name": name} if name else {}))


def report(org, *, actor=None, rubric_=None, inspectors=(), year=2025, owner=None):
    rubric_ = rubric_ or rubric(owner or org)
    instance = AcceptanceReport(organisation=org, year=year, rubric=rubric_)
    obj = services.report_create(actor=actor, instance=instance)
    if inspectors:
        obj.inspectors.set(inspectors)
    return obj


def plan(org, rubric_=None, year=2025):
    return InspectionPlan.objects.create(
        organisation=org, year=year, name=f"检查计划{_next()}", rubric=rubric_ or rubric(org),
        starts_on=datetime.date(year, 3, 1), ends_on=datetime.date(year, 11, 30),
    )  # fmt: skip


def inspection(org, *, inspectors=(), plan_=None):
    obj = Inspection.objects.create(plan=plan_ or plan(org), organisation=org)
    if inspectors:
        obj.inspectors.set(inspectors)
    return obj


def finding(org, *, inspectors=(), text=None):
    return Finding.objects.create(inspection=inspection(org, inspectors=inspectors), text=text or f"台账不全{_next()}")


def rectification(org, *, inspectors=(), deadline=None):
    f = finding(org, inspectors=inspectors)
    return Rectification.objects.create(
        finding=f, requirement=f"补齐会议记录{_next()}", responsible="张三",
        deadline=deadline or datetime.date.today() + datetime.timedelta(days=30),
    )  # fmt: skip


def fill(report_, field, scores, actor):
    """Set `field` on every row: scores is a list in item order (None to skip)."""
    for row, value in zip(report_.items.select_related("item").order_by("item__order"), scores, strict=False):
        if value is not None:
            services.report_item_save(actor=actor, report=report_, item=row.item, data={field: Decimal(str(value))})
