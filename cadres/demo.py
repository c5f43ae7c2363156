"""Demo cadres for the demo tree: the teams of the prefecture, county and township unions and of about two
thirds of the grassroots unions, their training, 2025 appraisals, and the contact duty of county cadres.

Deterministic from the seed (every choice draws from a generator keyed by the seed and the record it is for),
idempotent (a union that has cadres, a cadre that has an appraisal or assignments, is left alone), and
written with bulk_create: the rows are demo data, not users' writes, so they carry no history."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from orgs.choices import Level
from orgs.models import Organisation

from .choices import ContactWay, Employment, Ethnicity, Gender, Grade, Post, Selection
from .grading import grade_for
from .models import (
    AppraisalIndicator,
    AppraisalScore,
    Cadre,
    CadreAppraisal,
    CadreTraining,
    ContactAssignment,
    ContactLog,
)

DEFAULT_INDICATORS = [("政治素质", 15), ("履职尽责", 30), ("服务职工", 25), ("联系职工", 15), ("廉洁自律", 15)]
APPRAISAL_YEAR = 2025

HAN_SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙朱胡郭何高林罗郑梁谢宋唐许冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤祁"
)
HAN_MALE = (
    "建国 海军 志强 国庆 文华 永刚 晓东 建华 国栋 俊杰 文斌 海涛 明 伟 军 勇 斌 鹏 磊 涛 超 强 振华 玉林 德胜 "
    "成林 发祥 学文 生荣 有福 青山 宏伟 春生 长青 立新 卫东 红军 金山 宝林 世明"
).split()
HAN_FEMALE = (
    "海燕 丽 芳 秀英 晓梅 玉兰 婷 静 红梅 桂花 春燕 丽娟 淑珍 雅琴 慧 敏 霞 娟 玉梅 金花 青梅 晓红 秀兰 "
    "兰英 艳 琳 雪梅 凤英 月娥 新华"
).split()
TIBETAN_MALE = "才让 扎西 多杰 索南 旦增 尼玛 更登 拉加 仁青 公保 东智 加措 桑杰 昂秀 久美 华旦 才旦".split()
TIBETAN_FEMALE = "卓玛 拉毛 措毛 央金 德吉 卓嘎 才吉 旦正草 拉姆 吉毛 娘吉 完玛".split()
HUI_SURNAMES = list("马韩冶喇沙穆白")
TU_SURNAMES = list("李吕祁鲁董星")
SALAR_SURNAMES = list("韩马")
MONGOL_MALE = "巴特尔 乌力吉 那顺 宝音 额尔敦 巴图 布和 阿拉坦".split()
MONGOL_FEMALE = "其木格 娜仁 萨仁 乌云 图雅 斯琴".split()

# Ethnic mix by prefecture division code (roughly the province's make-up): 西宁 mostly Han, 海东 with the Hui,
# Tu and Salar counties, the pastoral prefectures mostly Tibetan, 海西 with Mongols.
ETHNIC_MIX = {
    "6301": [("han", 70), ("hui", 15), ("tibetan", 7), ("tu", 5), ("other", 3)],
    "6302": [("han", 45), ("hui", 22), ("tu", 15), ("salar", 10), ("tibetan", 8)],
    "6322": [("han", 40), ("tibetan", 30), ("hui", 25), ("mongol", 5)],
    "6323": [("tibetan", 70), ("han", 15), ("hui", 8), ("mongol", 5), ("tu", 2)],
    "6325": [("tibetan", 60), ("han", 30), ("hui", 10)],
    "6326": [("tibetan", 85), ("han", 12), ("hui", 3)],
    "6327": [("tibetan", 92), ("han", 6), ("hui", 2)],
    "6328": [("han", 55), ("mongol", 15), ("tibetan", 15), ("hui", 15)],
}
DEFAULT_MIX = [("han", 65), ("hui", 15), ("tibetan", 12), ("tu", 5), ("other", 3)]

COURSES = [
    ("全省基层工会主席培训班", "青海省总工会", 40),
    ("新任工会干部培训班", "青海省工人文化宫", 24),
    ("工会经费审查业务培训", "青海省总工会", 16),
    ("女职工工作专题培训", "青海省总工会女职工委员会", 12),
    ("职工服务站建设与运行培训", "{prefecture}", 16),
    ("工会法律法规与职工维权培训", "{prefecture}", 8),
    ("集体协商能力提升培训", "{county}", 8),
    ("“职工之家”建设经验交流会", "{county}", 6),
]
ISSUES = [
    ("反映工资按月足额发放情况良好，希望增加技能培训名额。", "已联系县总工会职工学校安排下期培训名额。"),
    ("部分一线职工希望改善夏季高温作业防护条件。", "已向企业行政方面转达，企业承诺本月内配发防暑用品。"),
    ("职工书屋图书较旧，希望补充新书。", "已申请县总工会职工书屋图书配送。"),
    ("新入职职工尚未入会。", "现场讲解入会程序，发放入会申请表12份。"),
    ("困难职工家庭子女上学有困难。", "已纳入金秋助学摸底名单，待审核。"),
    ("职工反映加班费计算不清楚。", "协调企业人事部门向职工公开加班费计算方式。"),
    ("希望组织职工文体活动。", "指导工会制定年度文体活动计划。"),
    ("", ""),
]


def _rng(seed, *key):
    return random.Random(":".join(str(k) for k in (seed, *key)))


def _key(cadre):
    """What a cadre's further demo data is drawn by: stable on the same tree, unlike the row's own id."""
    return f"{cadre.organisation_id}/{cadre.name}/{cadre.post}/{cadre.appointed_on}"


def _weighted(rng, pairs):
    total = sum(weight for _v, weight in pairs)
    pick = rng.uniform(0, total)
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def _day(rng, start, end):
    span = (end - start).days
    return start + timedelta(days=rng.randint(0, max(span, 0)))


def _name(rng, gender, ethnicity):
    female = gender == Gender.FEMALE
    if ethnicity == Ethnicity.TIBETAN:
        if rng.random() < 0.35:
            return rng.choice(TIBETAN_MALE) + (rng.choice(TIBETAN_FEMALE) if female else rng.choice(TIBETAN_MALE))
        return rng.choice(TIBETAN_FEMALE if female else TIBETAN_MALE)
    if ethnicity == Ethnicity.MONGOL and rng.random() < 0.7:
        return rng.choice(MONGOL_FEMALE if female else MONGOL_MALE)
    surnames = {
        Ethnicity.HUI: HUI_SURNAMES,
        Ethnicity.TU: TU_SURNAMES,
        Ethnicity.SALAR: SALAR_SURNAMES,
    }.get(ethnicity, HAN_SURNAMES)
    return rng.choice(surnames) + rng.choice(HAN_FEMALE if female else HAN_MALE)


def _phone(rng, landline_area=None):
    roll = rng.random()
    if roll < 0.08:
        return ""
    if landline_area and roll < 0.25:
        return f"{landline_area}-{rng.randint(2000000, 8999999)}"
    return f"1{rng.choice('35789')}{rng.randint(0, 999999999):09d}"


AREA_CODES = {
    "6301": "0971", "6302": "0972", "6322": "0970", "6323": "0973", "6325": "0974", "6326": "0975",
    "6327": "0976", "6328": "0977",
}  # fmt: skip

# Teams by level: (post, employment weights, selection weights, probability the post is filled).
TEAMS = {
    Level.PREFECTURE: [
        (Post.CHAIR, {"full_time": 1}, {"election": 1}, 1.0),
        (Post.VICE_CHAIR, {"full_time": 1}, {"election": 3, "appointment": 1}, 1.0),
        (Post.VICE_CHAIR, {"full_time": 1}, {"election": 3, "appointment": 1}, 1.0),
        (Post.AUDIT_HEAD, {"full_time": 2, "part_time": 1}, {"election": 1}, 1.0),
        (Post.WOMEN_HEAD, {"full_time": 2, "part_time": 1}, {"election": 1}, 1.0),
        (Post.STAFF, {"full_time": 3, "social": 1}, {"competition": 2, "appointment": 1}, 1.0),
        (Post.STAFF, {"full_time": 2, "social": 2}, {"competition": 2, "appointment": 1}, 0.8),
    ],
    Level.COUNTY: [
        (Post.CHAIR, {"full_time": 1}, {"election": 1}, 1.0),
        (Post.VICE_CHAIR, {"full_time": 3, "part_time": 1}, {"election": 3, "appointment": 1}, 1.0),
        (Post.WOMEN_HEAD, {"full_time": 1, "part_time": 2}, {"election": 1}, 0.9),
        (Post.STAFF, {"full_time": 2, "social": 2}, {"competition": 2, "appointment": 1}, 1.0),
        (Post.STAFF, {"full_time": 1, "social": 3}, {"competition": 3, "appointment": 1}, 0.6),
    ],
    Level.TOWNSHIP: [
        (Post.CHAIR, {"part_time": 4, "full_time": 1}, {"election": 4, "appointment": 1}, 0.95),
        (Post.STAFF, {"social": 3, "part_time": 2}, {"competition": 2, "appointment": 1}, 0.45),
    ],
    Level.GRASSROOTS: [
        (Post.CHAIR, {"part_time": 6, "full_time": 1}, {"election": 9, "appointment": 1}, 1.0),
        (Post.VICE_CHAIR, {"part_time": 1}, {"election": 1}, 0.4),
        (Post.AUDIT_HEAD, {"part_time": 1}, {"election": 1}, 0.3),
        (Post.WOMEN_HEAD, {"part_time": 1}, {"election": 1}, 0.35),
        (Post.MEMBER, {"part_time": 1}, {"election": 1}, 0.25),
    ],
}
GRASSROOTS_SHARE = 0.65  # grassroots unions with their cadres entered


def ensure_indicators():
    if not AppraisalIndicator.objects.exists():
        AppraisalIndicator.objects.bulk_create(
            AppraisalIndicator(name=name, max_score=Decimal(score), order=index * 10)
            for index, (name, score) in enumerate(DEFAULT_INDICATORS, 1)
        )


def _prefecture_code(org, nodes):
    node = org
    while node is not None:
        code = node["division_code"]
        if node["level"] in (Level.PREFECTURE, Level.COUNTY, Level.TOWNSHIP) and code:
            return code[:4]
        node = nodes.get(node["parent_id"])
    return ""


def _ancestor(org, nodes, level):
    node = org
    while node is not None and node["level"] != level:
        node = nodes.get(node["parent_id"])
    return node


def fill_demo(*, seed, stdout=None):
    say = stdout.write if stdout else (lambda *_a: None)
    with transaction.atomic():
        ensure_indicators()
        cadres = _cadres(seed)
        trainings = _trainings(seed, cadres)
        appraisals = _appraisals(seed)
        assignments, logs = _contacts(seed)
    say(
        f"工会干部：新建干部 {cadres} 人、培训记录 {trainings} 条、{APPRAISAL_YEAR} 年度考核 {appraisals} 条、"
        f"联系安排 {assignments} 条、联系记录 {logs} 条\n"
    )


def _load_nodes():
    fields = ("pk", "name", "level", "parent_id", "division_code", "status")
    return {row["pk"]: row for row in Organisation.objects.values(*fields)}


def _cadres(seed):
    nodes = _load_nodes()
    staffed = set(Cadre.objects.values_list("organisation_id", flat=True).distinct())
    # A registered union's chair is the one its registration names, so the two pages agree.
    from unions.models import Registration

    chairs = {
        row[0]: row[1:]
        for row in Registration.objects.exclude(chair_name="").values_list(
            "organisation_id", "chair_name", "chair_gender", "chair_ethnicity", "chair_elected_on", "chair_kind"
        )
    }
    fresh = []
    for pk in sorted(nodes):
        org = nodes[pk]
        team = TEAMS.get(org["level"])
        if team is None or pk in staffed or org["status"] != "active":
            continue
        rng = _rng(seed, "cadres", pk)
        if org["level"] == Level.GRASSROOTS and rng.random() > GRASSROOTS_SHARE:
            continue
        prefecture = _prefecture_code(org, nodes)
        mix = ETHNIC_MIX.get(prefecture, DEFAULT_MIX)
        area = AREA_CODES.get(prefecture) if org["level"] != Level.GRASSROOTS else None
        for post, employment, selection, chance in team:
            if rng.random() > chance:
                continue
            female_share = 0.9 if post == Post.WOMEN_HEAD else (0.25 if post == Post.CHAIR else 0.45)
            gender = Gender.FEMALE if rng.random() < female_share else Gender.MALE
            ethnicity = _weighted(rng, mix)
            appointed = _day(rng, date(2016, 3, 1), date(2025, 9, 30))
            name = _name(rng, gender, ethnicity)
            kind = _weighted(rng, list(employment.items()))
            if post == Post.CHAIR and pk in chairs:
                name, chair_gender, chair_ethnicity, elected, chair_kind = chairs[pk]
                gender, ethnicity = chair_gender or gender, chair_ethnicity or ethnicity
                appointed, kind = elected or appointed, chair_kind or kind
            fresh.append(
                Cadre(
                    organisation_id=pk,
                    name=name,
                    gender=gender,
                    ethnicity=ethnicity,
                    post=post,
                    employment=kind,
                    selection=_weighted(rng, list(selection.items())),
                    appointed_on=appointed,
                    phone=_phone(rng, area),
                )
            )
            # Now and then a predecessor who has left, so that history and "current" filters have something.
            if post == Post.CHAIR and appointed.year >= 2019 and rng.random() < 0.12:
                before = _day(rng, date(2012, 1, 1), appointed - timedelta(days=400))
                fresh.append(
                    Cadre(
                        organisation_id=pk,
                        name=_name(rng, Gender.MALE, ethnicity),
                        gender=Gender.MALE,
                        ethnicity=ethnicity,
                        post=Post.CHAIR,
                        employment=Employment.PART_TIME,
                        selection=Selection.ELECTION,
                        appointed_on=before,
                        left_on=appointed - timedelta(days=1),
                        phone=_phone(rng, area),
                        note="已换届离任。",
                    )
                )
    Cadre.objects.bulk_create(fresh, batch_size=1000)
    return len(fresh)


def _trainings(seed, created):
    if not created:
        return 0
    nodes = _load_nodes()
    trained = set(CadreTraining.objects.values_list("cadre_id", flat=True).distinct())
    rows = []
    for cadre in Cadre.objects.filter(left_on__isnull=True).exclude(pk__in=trained).order_by("pk"):
        rng = _rng(seed, "training", _key(cadre))
        org = nodes[cadre.organisation_id]
        untrained_chance = 0.15 if org["level"] != Level.GRASSROOTS else 0.35
        if rng.random() < untrained_chance:
            continue
        prefecture = _ancestor(org, nodes, Level.PREFECTURE)
        county = _ancestor(org, nodes, Level.COUNTY) or prefecture
        for _n in range(rng.choice((1, 1, 2, 2, 3))):
            course, organiser, hours = rng.choice(COURSES)
            organiser = organiser.format(
                prefecture=prefecture["name"] if prefecture else "青海省总工会",
                county=county["name"] if county else "青海省总工会",
            )
            rows.append(
                CadreTraining(
                    cadre=cadre,
                    date=_day(rng, max(cadre.appointed_on, date(2018, 1, 1)), date(2026, 6, 30)),
                    course=course,
                    organiser=organiser,
                    hours=Decimal(hours),
                    certificate=rng.random() < 0.55,
                )
            )
    CadreTraining.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _appraisals(seed):
    indicators = list(AppraisalIndicator.objects.filter(active=True))
    if not indicators:
        return 0
    full = sum((i.max_score for i in indicators), Decimal("0"))
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("sheng", "xining", "chengdong"))}
    done = set(CadreAppraisal.objects.filter(year=APPRAISAL_YEAR).values_list("cadre_id", flat=True))
    candidates = (
        Cadre.objects.filter(left_on__isnull=True, appointed_on__lt=date(APPRAISAL_YEAR, 10, 1))
        .exclude(pk__in=done)
        .select_related("organisation")
        .order_by("pk")
    )
    appraisals, pending = [], []
    for cadre in candidates:
        rng = _rng(seed, "appraisal", _key(cadre))
        level = cadre.organisation.level
        if level == Level.GRASSROOTS and (cadre.post != Post.CHAIR or rng.random() < 0.45):
            continue
        quality = min(1.0, max(0.45, rng.gauss(0.84, 0.09)))
        scores = []
        for indicator in indicators:
            share = min(1.0, max(0.0, quality + rng.uniform(-0.08, 0.08)))
            scores.append((indicator, (indicator.max_score * Decimal(share) * 2).quantize(Decimal("1")) / 2))
        total = sum((s for _i, s in scores), Decimal("0"))
        override, reason = "", ""
        if rng.random() < 0.01:
            override, reason = Grade.COMPETENT, "年内受到通报批评，经考核小组研究调整为称职。"
        appraiser = None
        if cadre.organisation.name == "城东区总工会" or cadre.organisation.division_code.startswith("630102"):
            appraiser = users.get("chengdong")
        appraiser = appraiser or users.get("xining" if level != Level.PREFECTURE else "sheng")
        appraisal = CadreAppraisal(
            cadre=cadre,
            year=APPRAISAL_YEAR,
            total=total,
            grade=override or grade_for(total, full),
            grade_override=override,
            override_reason=reason,
            appraised_by=appraiser,
            appraised_on=_day(rng, date(APPRAISAL_YEAR + 1, 1, 5), date(APPRAISAL_YEAR + 1, 2, 28)),
        )
        appraisals.append(appraisal)
        pending.append(scores)
    CadreAppraisal.objects.bulk_create(appraisals, batch_size=1000)
    rows = [
        AppraisalScore(appraisal=appraisal, indicator=indicator, score=score)
        for appraisal, scores in zip(appraisals, pending, strict=True)
        for indicator, score in scores
    ]
    AppraisalScore.objects.bulk_create(rows, batch_size=2000)
    return len(appraisals)


def _contacts(seed):
    """County cadres each look after a few grassroots unions of their county, and log some contacts."""
    assigned = set(ContactAssignment.objects.values_list("cadre_id", flat=True).distinct())
    counties = Organisation.objects.filter(level=Level.COUNTY, status="active").order_by("tree_id", "lft")
    assignments = []
    for county in counties:
        unions = list(
            Organisation.objects.within(county)
            .filter(level=Level.GRASSROOTS, status="active")
            .order_by("tree_id", "lft")
            .values_list("pk", flat=True)
        )
        if not unions:
            continue
        cadres = Cadre.objects.filter(organisation=county, left_on__isnull=True).order_by("pk")
        for cadre in cadres:
            if cadre.pk in assigned:
                continue
            rng = _rng(seed, "contact", _key(cadre))
            if cadre.post == Post.STAFF and rng.random() < 0.4:
                continue
            for union_id in rng.sample(unions, min(len(unions), rng.randint(3, 8))):
                start = _day(rng, max(cadre.appointed_on, date(2023, 1, 1)), date(2025, 6, 30))
                end = date(2025, 12, 31) if rng.random() < 0.1 else None
                assignments.append(ContactAssignment(cadre=cadre, union_id=union_id, start_on=start, end_on=end))
    ContactAssignment.objects.bulk_create(assignments, batch_size=1000)
    logs = []
    for assignment in assignments:
        rng = _rng(seed, "log", _key(assignment.cadre), assignment.union_id)
        if rng.random() < 0.35:
            continue
        last = assignment.end_on or date(2026, 10, 31)
        for _n in range(rng.randint(1, 4)):
            issues, follow_up = rng.choice(ISSUES)
            logs.append(
                ContactLog(
                    cadre_id=assignment.cadre_id,
                    union_id=assignment.union_id,
                    date=_day(rng, assignment.start_on, last),
                    way=rng.choice(ContactWay.values),
                    workers_reached=rng.randint(3, 60),
                    issues=issues,
                    follow_up=follow_up,
                )
            )
    ContactLog.objects.bulk_create(logs, batch_size=2000)
    return len(assignments), len(logs)
