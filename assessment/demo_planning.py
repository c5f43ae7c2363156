"""Demo records of 统一部署工作 and 统一配置力量: this year's provincial plan (tiered by region class), 西宁市's
cascade of it (one county's share trimmed, so the shortfall flag shows), coordination groups and allocations.
Idempotent: nothing is added once the provincial plan exists."""

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.services import record_create, record_update
from orgs.choices import Level
from orgs.models import Organisation

from .models.planning import (
    CoordinationGroup,
    Duty,
    FundSource,
    GroupMember,
    PlanIndicator,
    ResourceAllocation,
    ResourceKind,
    Target,
    TargetPlan,
)
from .services.planning import plan_cascade, plan_fill_targets

PLAN_NAME = "会站家一体化建设年度目标"
PROVINCE_DIVISION = "630000000000"
XINING_DIVISION = "630100000000"
CHENGDONG_DIVISION = "630102000000"

# (figure key or "", name for a free indicator, unit, default, class 1, class 2, class 3)
INDICATORS = [
    ("six_has_rate", "", "", "70", "80", "70", "60"),
    ("integration_rate", "", "", "50", "60", "50", "40"),
    ("membership_rate", "", "", "85", "90", "85", "80"),
    ("new_unions", "", "", "5", "8", "5", "3"),
    ("", "开展“会员评家”的基层工会", "个", "20", None, None, None),
]


def dec(value):
    return None if value is None else Decimal(value)


def demo_region_classes():
    """Region classes for the demo tree: prefectures by where they lie (西宁 first, 海东 second, the pastoral
    prefectures third), every other organisation without one from its region type (bulk-created rows skipped
    the default that save() applies)."""
    from orgs.choices import REGION_CLASS_FOR_TYPE, RegionClass
    from orgs.demo import PASTORAL_PREFECTURES

    blank = Organisation.objects.filter(region_class="")
    for code, region_class in (("6301", RegionClass.FIRST), ("6302", RegionClass.SECOND)):
        blank.filter(level=Level.PREFECTURE, division_code__startswith=code).update(region_class=region_class)
    for code in PASTORAL_PREFECTURES:
        blank.filter(level=Level.PREFECTURE, division_code__startswith=code).update(region_class=RegionClass.THIRD)
    for region_type, region_class in REGION_CLASS_FOR_TYPE.items():
        blank.filter(region_type=region_type).update(region_class=region_class)


@transaction.atomic
def fill_planning(*, seed, stdout=None):
    say = stdout.write if stdout else (lambda *_a: None)
    province = Organisation.objects.filter(division_code=PROVINCE_DIVISION, level=Level.PROVINCE).first()
    xining = Organisation.objects.filter(division_code=XINING_DIVISION, level=Level.PREFECTURE).first()
    if province is None or xining is None:
        return
    year = timezone.localdate().year
    if TargetPlan.objects.filter(issuer=province, year=year, name=PLAN_NAME).exists():
        return
    rng = random.Random(seed)
    demo_region_classes()
    plan = record_create(
        actor=None,
        instance=TargetPlan(
            issuer=province, year=year, name=PLAN_NAME, note="按一、二、三类地区分类下达，各市(州)分解到县(区)。"
        ),
    )
    for figure, name, unit, value, c1, c2, c3 in INDICATORS:
        record_create(
            actor=None,
            instance=PlanIndicator(
                plan=plan,
                figure=figure,
                name=name,
                unit=unit,
                value=dec(value),
                value_class_1=dec(c1),
                value_class_2=dec(c2),
                value_class_3=dec(c3),
            ),
        )
    plan_fill_targets(actor=None, plan=plan)
    for target in Target.objects.filter(indicator__plan=plan, indicator__figure=""):
        target.measured = Decimal(rng.randint(5, 30))
        record_update(actor=None, instance=target)
    child = plan_cascade(actor=None, plan=plan, organisation=xining)
    # one county is given less than its share, so the plan page shows the shortfall
    short = Target.objects.filter(indicator__plan=child, indicator__figure="new_unions").order_by("pk").first()
    if short is not None and short.value > 0:
        short.value -= 1
        record_update(actor=None, instance=short)
    chengdong = Organisation.objects.filter(division_code=CHENGDONG_DIVISION, level=Level.COUNTY).first()
    groups = [
        (province, "王建国", "省总工会党组书记、常务副主席"),
        (xining, "李海燕", "西宁市总工会党组书记、常务副主席"),
        (chengdong, "马志强", "城东区总工会主席"),
    ]
    for org, leader, post in groups:
        if org is None or CoordinationGroup.objects.filter(organisation=org).exists():
            continue
        group = record_create(
            actor=None,
            instance=CoordinationGroup(
                organisation=org,
                leader_name=leader,
                leader_post=post,
                office_name=f"{org.name}基层工作部",
                office_head="张文",
                office_phone="0971-8000000",
                established_on=timezone.localdate().replace(month=1, day=15),
                responsibilities="统筹推进会站家一体化建设，研究解决重大问题，督促目标任务落实。",
            ),
        )
        for name, member_post, duty in (
            (leader, post, Duty.PERSONAL),
            ("赵明", "分管副主席", Duty.SPECIFIC),
            ("孙丽", "基层工作部部长", Duty.SPECIFIC),
            ("周强", "财务部部长", Duty.JOINT),
            ("吴芳", "女职工部部长", Duty.JOINT),
        ):
            record_create(actor=None, instance=GroupMember(group=group, name=name, post=member_post, duty=duty))
    counties = list(Organisation.objects.filter(parent=xining, level=Level.COUNTY, status="active").order_by("name"))
    made = 0
    for county in counties:
        record_create(
            actor=None,
            instance=ResourceAllocation(
                giver=xining,
                year=year,
                kind=ResourceKind.FUNDS,
                union=county,
                amount=Decimal(rng.choice([50000, 80000, 100000, 150000])),
                source=FundSource.UPPER_UNION,
                note="会站家一体化建设补助资金",
            ),
        )
        made += 1
    for target in Target.objects.filter(indicator__plan=plan, indicator__figure="integration_rate")[:3]:
        record_create(
            actor=None,
            instance=ResourceAllocation(
                giver=province, year=year, kind=ResourceKind.STAFF, target=target, staff=rng.randint(1, 3),
                note="选派社会化工会工作者",
            ),
        )  # fmt: skip
        made += 1
    say(f"目标责任：目标计划 {TargetPlan.objects.count()} 个，目标 {Target.objects.count()} 个，资源配置 {made} 条\n")
