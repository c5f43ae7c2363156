"""Demo activities over the last year: at homes, at stations (when the stations app has filled some), and
organised by county unions without a venue of theirs.

Idempotent: a home, station or county that already has demo-style activities is skipped, so a second run (even
on a later day, when "the last year" has moved) adds nothing. Deterministic: each place draws from a random
stream seeded by the seed and its own name."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from core.scope import subtree_q
from homes.choices import HomeStatus
from homes.models import WorkersHome
from orgs.choices import Level
from orgs.demo import PROVINCE_UNION
from orgs.models import Organisation

from .choices import ActivityCategory as C
from .models import Activity

TITLES = {
    C.RIGHTS: ["劳动法律法规宣讲会", "集体协商知识讲座", "农民工工资支付维权咨询日"],
    C.RELIEF: ["困难职工走访慰问", "金秋助学金发放", "职工大病互助宣传"],
    C.RECREATION: ["职工观影日", "棋牌友谊赛", "职工趣味运动会"],
    C.VOLUNTEERING: ["“送清凉”志愿服务", "职工志愿者社区服务日", "义务植树活动"],
    C.EDUCATION: ["安全生产知识竞赛", "健康知识科普讲座", "防范电信诈骗宣传"],
    C.CULTURE_SPORTS: ["职工篮球赛", "“书香三八”读书分享会", "迎新春职工文艺汇演", "锅庄舞展演"],
    C.TRAINING: ["职工技能培训班", "工会干部业务培训", "电商直播技能培训"],
    C.OTHER: ["劳模工匠进企业", "职工之家开放日"],
}
HOME_CATEGORIES = [C.CULTURE_SPORTS, C.RECREATION, C.EDUCATION, C.TRAINING, C.RIGHTS, C.OTHER]
STATION_CATEGORIES = [C.RIGHTS, C.RELIEF, C.RECREATION, C.VOLUNTEERING, C.EDUCATION]
COUNTY_CATEGORIES = [C.RIGHTS, C.RELIEF, C.TRAINING, C.CULTURE_SPORTS, C.VOLUNTEERING]


def _activity(rng, today, organisation, categories, **place):
    category = rng.choice(categories)
    return Activity(
        title=rng.choice(TITLES[category]),
        date=today - datetime.timedelta(days=rng.randint(1, 364)),
        category=category,
        organisation_id=organisation,
        participants=rng.randint(8, 260),
        description="",
        **place,
    )


def _stations(root):
    try:
        from stations.models import ServiceStation
    except ImportError:  # the stations app has not landed yet
        return []
    return list(
        ServiceStation.objects.filter(subtree_q("host__", [root]), status="active")
        .exclude(activities__isnull=False)
        .select_related("host")
        .order_by("host__tree_id", "host__lft", "pk")
    )


@transaction.atomic
def fill_activities(*, seed, stdout=None):
    say = stdout.write if stdout else (lambda *_a: None)
    root = Organisation.objects.filter(parent=None, name=PROVINCE_UNION).first()
    if root is None:
        return
    today = timezone.localdate()
    rows = []
    homes = (
        WorkersHome.objects.filter(subtree_q("organisation__", [root]), status=HomeStatus.IN_USE)
        .exclude(activities__isnull=False)
        .select_related("organisation")
        .order_by("organisation__tree_id", "organisation__lft")
    )
    home_by_org = {}
    at_homes = 0
    for home in homes:
        home_by_org[home.organisation_id] = home
        rng = random.Random(f"{seed}:activities:home:{home.organisation.division_code}:{home.organisation.name}")
        if rng.random() < 0.35:
            for _n in range(rng.randint(1, 4)):
                rows.append(_activity(rng, today, home.organisation_id, HOME_CATEGORIES, home=home))
                at_homes += 1
    at_stations = 0
    for station in _stations(root):
        rng = random.Random(f"{seed}:activities:station:{station.host.name}:{station.name}")
        for _n in range(rng.randint(2, 6)):
            place = {"station": station}
            if station.host_id in home_by_org and rng.random() < 0.3:
                place["home"] = home_by_org[station.host_id]  # a joint event of the host's station and home
            rows.append(_activity(rng, today, station.host_id, STATION_CATEGORIES, **place))
            at_stations += 1
    counties = (
        Organisation.objects.within(root)
        .filter(level=Level.COUNTY, status="active")
        .exclude(pk__in=Activity.objects.filter(station=None, home=None).values("organisation_id"))
        .order_by("tree_id", "lft")
    )
    elsewhere = 0
    for county in counties:
        rng = random.Random(f"{seed}:activities:county:{county.division_code}:{county.name}")
        for _n in range(rng.randint(2, 5)):
            rows.append(_activity(rng, today, county.pk, COUNTY_CATEGORIES))
            elsewhere += 1
    Activity.objects.bulk_create(rows, batch_size=1000)
    say(f"活动：新建 {len(rows)} 条（职工之家 {at_homes}，服务站 {at_stations}，未使用站家 {elsewhere}）\n")
