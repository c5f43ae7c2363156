"""Demo data of 统一检查指导 and 统一考核验收: the default 会站家一体化 acceptance rubric (28 items, 100 points plus 3
bonus, three gates), an inspection plan of 西宁市 with findings and rectifications (one overdue), and reports in
every state for unions of 城东区 (self-assessed by `chengdong`, scored by `jiancha`, accepted by `xining`) and of
other prefectures. Every step goes through the services, so the history shows who took it. Deterministic from
the seed; run again, it adds nothing."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.services import record_create
from orgs.choices import Level
from orgs.models import Organisation

from . import acceptance_services as services
from .models import AcceptanceReport, Finding, GradeBand, Inspection, InspectionPlan, Rectification, Rubric, RubricItem

RUBRIC_NAME = "会站家一体化考核验收标准"
PROVINCE_DIVISION = "630000000000"
XINING_DIVISION = "630100000000"
CHENGDONG_DIVISION = "630102000000"

# group, standard text, points, flags (gate/bonus/evidence), figure key, thresholds by region class
ITEMS = [
    ("hui", "依法选举产生工会主席，主席任职一年内参加培训并取得合格证书", 4, "gate", "", None),
    ("hui", "建立工会委员会、经费审查委员会和女职工委员会，按期换届", 4, "gate", "", None),
    ("hui", "会员入会率达到本类地区达标线", 4, "", "membership_rate", {"1": 95, "2": 90, "3": 85}),
    ("hui", "“六有”工会达标（主席、机构、载体、制度、经费、绩效）", 4, "", "six_has_rate", {"1": 90, "2": 80, "3": 70}),
    ("hui", "会员（代表）大会制度健全，每年至少召开一次", 3, "", "", None),
    ("hui", "会务公开、会员评家制度落实，会员四项权利得到保障", 3, "", "", None),
    ("hui", "工会经费独立建账、自主管理，经审会定期审查", 3, "evidence", "", None),
    ("hui", "职代会、厂务公开制度落实", 3, "", "", None),
    ("hui", "取得工会法人资格登记证书", 2, "", "", None),
    ("hui", "年度报表按时、完整填报", 2, "", "return_completeness", None),
    ("hui", "有工会办公场所、名称牌、印章和工作台账", 3, "", "", None),
    ("zhan", "职工服务站覆盖乡镇（街道）和县（区）", 5, "", "station_coverage", {"1": 100, "2": 90, "3": 80}),
    ("zhan", "服务站“六有”：统一标识、合理选址、设施齐全、功能完备、制度健全、地图可查", 5, "", "", None),
    ("zhan", "权益维护、帮扶救助、休闲娱乐、志愿服务、科普教育五项服务台账完整", 5, "evidence", "", None),
    ("zhan", "服务站按公示时间开放，无职工投诉", 5, "", "", None),
    ("jia", "职工之家“六位一体”（办公、学习、教育、服务、咨询、活动）达标", 6, "", "home_standard_rate", None),
    ("jia", "职工书屋藏书不少于 3000 册，有数字阅读平台和借阅制度", 5, "", "", None),
    ("jia", "会员评家满意率不低于 90%", 5, "", "", None),
    ("jia", "阵地一室多用、有效利用，活动经常开展", 4, "", "", None),
    ("jia", "建有职工小家（分会、班组）", 5, "", "", None),
    ("team", "工会干部配备到位（专职、兼职、社会化招聘）", 4, "", "", None),
    ("team", "工会干部年度履职量化考核", 3, "", "", None),
    ("team", "联系点制度落实，有联系记录", 3, "", "", None),
    ("mechanism", "成立协调领导小组，第一责任人亲自抓", 4, "gate", "", None),
    ("mechanism", "会站家一体化率逐年提高", 3, "", "integration_rate", None),
    ("mechanism", "目标责任制分解落实、检查整改闭环", 3, "", "", None),
    ("jia", "获评省级以上模范职工之家（小家）", 2, "bonus", "", None),
    ("mechanism", "好的经验和做法被上级推广", 1, "bonus", "", None),
]
BANDS = [("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0)]


def default_rubric(owner):
    """The default acceptance rubric, created once."""
    rubric = Rubric.objects.filter(name=RUBRIC_NAME).order_by("version").first()
    if rubric is not None:
        return rubric
    rubric = record_create(
        actor=None,
        instance=Rubric(
            owner=owner, name=RUBRIC_NAME, version=1, deduction_points=Decimal("1"), deduction_cap=Decimal("4"),
            description="依据青总发〔2017〕51号，会、站、家三位一体考核验收；抽查不合格每项扣 1 分，最多扣 4 分；"
            "必备项未得满分的，验收为不合格。",
        ),
    )  # fmt: skip
    for order, (group, text, points, flag, figure, thresholds) in enumerate(ITEMS, start=1):
        record_create(
            actor=None,
            instance=RubricItem(
                rubric=rubric, group=group, order=order, text=text, max_score=Decimal(points),
                is_gate=flag == "gate", is_bonus=flag == "bonus", evidence_required=flag == "evidence",
                figure_key=figure, thresholds=thresholds or {},
            ),
        )  # fmt: skip
    for name, low in BANDS:
        record_create(actor=None, instance=GradeBand(rubric=rubric, name=name, min_score=Decimal(low)))
    return rubric


def _scores(rng, rows, field, actor, report, strict=False):
    for row in rows:
        top = row.item.max_score
        if row.item.is_bonus:
            value = top if rng.random() < 0.3 else Decimal("0")
        elif row.item.is_gate:
            # Gates usually hold; now and then an inspector finds one that does not (and the report fails).
            value = top - (Decimal("1") if strict and rng.random() < 0.06 else Decimal("0"))
        else:
            value = top - Decimal(rng.choice([0, 0, 0, 0.5, 1, 1, 2] if strict else [0, 0, 0, 0, 0.5, 1]))
        data = {field: max(value, Decimal("0"))}
        services.report_item_save(actor=actor, report=report, item=row.item, data=data)


def _evidence(report, actor):
    """A small generated image as the evidence that items needing it require."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    for row in report.items.select_related("item").filter(item__evidence_required=True):
        buffer = io.BytesIO()
        Image.new("RGB", (120, 80), (200, 220, 240)).save(buffer, "PNG")
        upload = SimpleUploadedFile("台账照片.png", buffer.getvalue(), content_type="image/png")
        services.report_evidence_add(actor=actor, report=report, item=row.item, files=[upload])


def _advance(rng, report, target, *, union_side, inspector, decider):
    rows = list(report.items.select_related("item").order_by("item__order"))
    _scores(rng, rows, "self_score", union_side, report)
    for row in rows[:6]:
        services.report_item_save(actor=union_side, report=report, item=row.item, data={"note": "已落实，材料齐全。"})
    if target == "draft":
        return
    _evidence(report, union_side)
    services.report_submit(actor=union_side, report=report)
    if target == "submitted":
        return
    _scores(rng, rows, "accepted_score", inspector, report, strict=True)
    if rng.random() < 0.5:
        services.report_item_save(actor=inspector, report=report, item=rows[13].item, data={"spot_check_failed": True})
    if target == "returned":
        services.report_return(actor=decider, report=report, comment="五项服务台账缺少近三个月记录，请补充后重新报送。")
        return
    services.report_score(actor=inspector, report=report)
    if target == "accepted":
        services.report_accept(actor=decider, report=report, comment="同意验收。")


def seed_acceptance(*, seed, stdout=None):
    say = stdout.write if stdout else (lambda *_a: None)
    province = Organisation.objects.filter(division_code=PROVINCE_DIVISION, level=Level.PROVINCE).first()
    xining = Organisation.objects.filter(division_code=XINING_DIVISION, level=Level.PREFECTURE).first()
    chengdong = Organisation.objects.filter(division_code=CHENGDONG_DIVISION, level=Level.COUNTY).first()
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["admin", "sheng", "xining", "chengdong", "jiancha"])}  # fmt: skip
    if province is None or xining is None or chengdong is None or len(users) < 5:
        return
    with transaction.atomic():
        rubric = default_rubric(province)
        if AcceptanceReport.objects.filter(rubric=rubric).exists():
            return
        _fill(random.Random(seed), rubric, xining, chengdong, users)
    say(f"考核验收：{AcceptanceReport.objects.count()} 份报告，{Rectification.objects.count()} 项整改。\n")


def _fill(rng, rubric, xining, chengdong, users):
    year = timezone.localdate().year
    today = timezone.localdate()
    unions = list(
        Organisation.objects.within(chengdong, strict=True)
        .filter(level=Level.GRASSROOTS, status="active")
        .order_by("tree_id", "lft", "pk")[:8]
    )
    plan = record_create(
        actor=users["xining"],
        instance=InspectionPlan(
            organisation=xining, year=year, name=f"西宁市{year}年会站家一体化检查验收", rubric=rubric,
            starts_on=datetime.date(year, 3, 1), ends_on=datetime.date(year, 11, 30),
        ),
    )  # fmt: skip
    states = ["draft", "draft", "submitted", "submitted", "scored", "accepted", "returned", "accepted"]
    for union, state in zip(unions, states, strict=False):
        inspection = services.inspection_save(
            actor=users["xining"],
            instance=Inspection(plan=plan, organisation=union, visit_on=today - datetime.timedelta(days=rng.randint(5, 40))),
            inspectors=[users["jiancha"]],
        )  # fmt: skip
        report = services.report_create(
            actor=users["chengdong"],
            instance=AcceptanceReport(organisation=union, year=year, rubric=rubric, inspection=inspection),
            inspectors=[users["jiancha"]],
        )
        _advance(rng, report, state, union_side=users["chengdong"], inspector=users["jiancha"], decider=users["xining"])
    _findings(rng, unions[:4], plan, users, today)
    # Elsewhere: one union in each other prefecture, self-assessed by the province's staff and accepted by admin.
    for prefecture in Organisation.objects.filter(level=Level.PREFECTURE).exclude(pk=xining.pk).order_by("pk")[:4]:
        union = (
            Organisation.objects.within(prefecture, strict=True)
            .filter(level=Level.GRASSROOTS, status="active")
            .order_by("tree_id", "lft", "pk")
            .first()
        )
        if union is None:
            continue
        report = services.report_create(
            actor=users["sheng"], instance=AcceptanceReport(organisation=union, year=year, rubric=rubric)
        )
        target = rng.choice(["submitted", "accepted", "draft"])
        _advance(rng, report, target, union_side=users["sheng"], inspector=users["admin"], decider=users["admin"])


def _findings(rng, unions, plan, users, today):
    inspector = users["jiancha"]
    texts = [
        ("职工书屋藏书不足 3000 册，无借阅登记", "补充图书并建立借阅登记制度", 15, "open"),
        ("五项服务台账缺少近三个月记录", "补齐服务台账，按月归档", -5, "open"),
        ("会务公开栏内容未更新", "更新会务公开栏，每季度公开一次", 10, "done"),
        ("服务站未在地图上标注", "在地图平台标注服务站位置和开放时间", -20, "verified"),
    ]
    items = {item.order: item for item in plan.rubric.items.all()}
    for union, (text, requirement, days, status) in zip(unions, texts, strict=False):
        inspection = Inspection.objects.get(plan=plan, organisation=union)
        finding = services.finding_save(
            actor=inspector, instance=Finding(inspection=inspection, text=text, item=items.get(rng.choice([6, 14, 17])))
        )
        # A deadline already past is set as it was on the day of the visit, then time moved on.
        rect = Rectification(
            finding=finding,
            requirement=requirement,
            responsible="工会主席",
            deadline=today + datetime.timedelta(days=days),
        )
        rect.organisation_id = union.pk
        rect.full_clean(exclude=["deadline"])
        from core.services import save_checked

        save_checked(instance=rect, actor=inspector, action="create")
        if status in ("done", "verified"):
            services.rectification_answer(actor=users["chengdong"], rectification=rect, answer="已按要求整改完毕。")
        if status == "verified":
            services.rectification_verify(actor=inspector, rectification=rect, accepted=True, note="现场核实，已整改。")
