"""Demo stations for the Qinghai demo tree: county service centres, township and street stations and a few
in large enterprises, with their services, contacts, reviews for the last two years and a few months of
ledger. Deterministic from the seed; a second run adds nothing (rows are planned in full, then only the
stations not yet present are written, with their dependent rows)."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from orgs.choices import Level, Status
from orgs.demo import demo_point
from orgs.models import Organisation

from .choices import CHECKLIST, FundingSource, ServiceCategory, StationStatus
from .models import ServiceRecord, ServiceStation, StationContact, StationReview, StationService
from .tiers import assess, rules

OFFERED = {
    ServiceCategory.RIGHTS: ["法律咨询、劳动争议调解", "农民工讨薪维权受理", "集体协商指导、劳动合同审查"],
    ServiceCategory.RELIEF: ["困难职工建档、送温暖慰问", "金秋助学、医疗互助申报", "职工互助保障办理"],
    ServiceCategory.RECREATION: ["职工书屋、棋牌活动室", "户外劳动者歇脚、饮水热饭", "职工健身角、文艺活动"],
    ServiceCategory.VOLUNTEERING: ["职工志愿服务队登记与派单", "义务理发、义诊", "劳模工匠志愿宣讲"],
    ServiceCategory.EDUCATION: ["技能培训报名、职业指导", "安全生产与健康知识讲座", "网上学习平台推广"],
}
DESCRIPTIONS = {
    ServiceCategory.RIGHTS: ["解答工资拖欠咨询", "调解加班费争议", "协助签订劳动合同", "讲解工伤认定流程"],
    ServiceCategory.RELIEF: ["走访慰问困难职工", "发放助学金申请表", "协助申报大病救助", "登记困难职工档案"],
    ServiceCategory.RECREATION: ["组织职工拔河比赛", "开放职工书屋", "户外劳动者休息饮水", "举办职工棋牌赛"],
    ServiceCategory.VOLUNTEERING: ["组织义务理发", "志愿者为环卫工人送清凉", "开展义诊活动", "志愿者清扫社区"],
    ServiceCategory.EDUCATION: ["举办电工技能培训", "开展安全生产讲座", "推广职工网上学习", "组织急救知识培训"],
}
SURNAMES = "王李张刘陈杨赵黄周吴马才让卓玛韩祁鲁冶朱何胡罗"
GIVEN = ["建国", "海燕", "志强", "秀英", "国庆", "文静", "德吉", "永福", "丽娟", "生辉", "明", "梅", "措", "军"]
ROLES = ["站长", "专职工作人员", "兼职工作人员", "志愿者"]


def _short(name):
    for suffix in ("总工会", "工会委员会", "工会"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _plan(rng, today):
    """Every demo station with its dependent rows, in a fixed order."""
    orgs = list(
        Organisation.objects.filter(status=Status.ACTIVE, level__in=[Level.COUNTY, Level.TOWNSHIP, Level.GRASSROOTS])
        .order_by("tree_id", "lft")
        .values("id", "name", "level", "parent_id", "division_code", "tree_id", "lft", "rght")
    )
    by_id = {o["id"]: o for o in orgs}
    children = {}
    for org in orgs:
        children.setdefault(org["parent_id"], []).append(org)

    def grassroots_under(org):
        found = []
        for child in children.get(org["id"], []):
            if child["level"] == Level.GRASSROOTS:
                found.append(child["id"])
            else:
                found.extend(grassroots_under(child))
        return found

    def division_code(org):
        """The division code of the nearest ancestor that has one, for a demo point near its prefecture."""
        node = org
        while node is not None and not node["division_code"]:
            node = by_id.get(node["parent_id"])
        return node["division_code"] if node else ""

    hosts = []
    for org in orgs:
        code = org["division_code"] or ""
        if org["level"] == Level.COUNTY and rng.random() < 0.85:
            hosts.append((org, f"{_short(org['name'])}职工服务中心"))
        elif org["level"] == Level.TOWNSHIP and (code.startswith("630102") or rng.random() < 0.45):
            hosts.append((org, f"{_short(org['name'])}职工服务站"))
        elif org["level"] == Level.GRASSROOTS and "有限" in org["name"] and rng.random() < 0.012:
            hosts.append((org, f"{_short(org['name'])}职工服务站"))
    categories = [value for value, _label in ServiceCategory.choices]
    plans = []
    for host, name in hosts:
        quality = rng.random()
        roll = rng.random()
        status = (
            StationStatus.ACTIVE if roll < 0.85 else (StationStatus.SUSPENDED if roll < 0.95 else StationStatus.CLOSED)
        )
        changed = today - datetime.timedelta(days=rng.randint(20, 200)) if status != StationStatus.ACTIVE else None
        code = division_code(host)
        located = rng.random() < 0.8
        big = host["level"] == Level.COUNTY
        area = Decimal(rng.randint(120, 450) if big else rng.randint(18, 220))
        opens = datetime.time(rng.choice([8, 9]), rng.choice([0, 30]))
        closes = datetime.time(rng.choice([17, 18, 20]), rng.choice([0, 30]))
        station = ServiceStation(
            name=name,
            host_id=host["id"],
            address=f"{_short(host['name'])}{rng.choice(['人民路', '建设路', '团结路', '幸福街', '昆仑路'])}{rng.randint(1, 199)}号",
            **(demo_point(rng, code) if located else {}),
            floor_area=area if rng.random() < 0.9 else None,
            open_days=rng.choice(["12345", "12345", "123456", "1234567"]) if rng.random() < 0.9 else "",
            full_time_staff=rng.randint(1, 4) if big or quality > 0.5 else rng.randint(0, 1),
            part_time_staff=rng.randint(0, 5),
            volunteers=rng.randint(0, 30),
            funding_source=rng.choice([c for c, _label in FundingSource.choices]),
            status=status,
            status_changed_on=changed,
        )
        if station.open_days:
            station.opens_at, station.closes_at = opens, closes
        offered = sorted(rng.sample(categories, k=min(5, max(1, round(1 + quality * 4.4)))), key=categories.index)
        services = [StationService(category=c, offered=rng.choice(OFFERED[c])) for c in offered]
        contacts = [
            StationContact(
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                role=ROLES[min(i, len(ROLES) - 1)],
                phone=f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
            )
            for i in range(rng.randint(0 if quality < 0.2 else 1, 3))
        ]
        reviews = []
        for year in (today.year - 1, today.year):
            if rng.random() < 0.75:
                reviews.append(
                    StationReview(
                        year=year,
                        reviewed_on=datetime.date(year, 11, 15)
                        if year < today.year
                        else min(today, datetime.date(year, 6, 30)),
                        reviewer=rng.choice(["县总工会评定组", "市总工会检查组", "乡镇工会自评"]),
                        **{field: rng.random() < 0.35 + quality * 0.7 for field, _label in CHECKLIST},
                    )
                )
                # 服务功能齐全 follows what the station offers, as StationReview.clean() derives it
                reviews[-1].has_services = len(offered) == len(categories)
        records = []
        unions_pool = grassroots_under(host)
        last_day = changed if changed else today
        if status != StationStatus.CLOSED or changed:
            # a county's service centre keeps a real ledger: a dozen lines or more
            for _ in range(rng.randint(0, 6) + int(quality * 20) + (12 if big else 0)):
                date = last_day - datetime.timedelta(days=rng.randint(0, 120))
                category = rng.choice(offered)
                follow = rng.random() < 0.2
                done = follow and rng.random() < 0.6
                record = ServiceRecord(
                    date=date,
                    category=category,
                    workers_served=rng.choice([1, 1, 1, 2, 3, 5, 8, 12, 20, 35]),
                    description=rng.choice(DESCRIPTIONS[category]),
                    follow_up_needed=follow,
                    follow_up_done=done,
                    follow_up_done_on=min(today, date + datetime.timedelta(days=rng.randint(1, 20))) if done else None,
                )
                named = rng.sample(unions_pool, k=min(len(unions_pool), rng.choice([0, 0, 1, 1, 2])))
                records.append((record, named))
        plans.append((station, services, contacts, reviews, records))
    return plans


def fill_demo(*, seed, stdout):
    today = timezone.localdate()
    rng = random.Random(f"stations-{seed}")
    plans = _plan(rng, today)
    existing = set(ServiceStation.objects.values_list("host_id", "name"))
    plans = [plan for plan in plans if (plan[0].host_id, plan[0].name) not in existing]
    if not plans:
        stdout.write("职工服务站演示数据已存在，未改动。")
        return
    tier_rules = rules()
    with transaction.atomic():
        stations = ServiceStation.objects.bulk_create([plan[0] for plan in plans])
        services, contacts, reviews, records, links = [], [], [], [], []
        for station, station_services, station_contacts, station_reviews, station_records in plans:
            categories = {s.category for s in station_services}
            for row in station_services + station_contacts:
                row.station = station
            services += station_services
            contacts += station_contacts
            for review in station_reviews:
                review.station = station
                review.tier = assess(station, review, categories=categories, tier_rules=tier_rules).tier
            reviews += station_reviews
            for record, named in station_records:
                record.station = station
                records.append(record)
                links.append(named)
        StationService.objects.bulk_create(services)
        StationContact.objects.bulk_create(contacts)
        StationReview.objects.bulk_create(reviews)
        ServiceRecord.objects.bulk_create(records, batch_size=2000)
        through = ServiceRecord.unions.through
        through.objects.bulk_create(
            [
                through(servicerecord_id=r.pk, organisation_id=o)
                for r, named in zip(records, links, strict=True)
                for o in named
            ],
            batch_size=2000,
        )
    stdout.write(
        f"职工服务站 {len(stations)} 个，服务项目 {len(services)} 条，年度评定 {len(reviews)} 条，服务台账 {len(records)} 条。"
    )
