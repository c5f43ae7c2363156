"""Demo homes for the demo tree: many grassroots and township unions have one, some covering all six
functions and some not, bookrooms above and below 3,000 volumes, honours and yearly ratings.

Each union's home is drawn from a random stream seeded by the seed and the union's own name, so the result
does not depend on the order rows come back in, and unions that already have a home are left alone
(idempotent). Rows are bulk-created: demo data, no history needed."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from orgs.choices import Level, Status
from orgs.demo import PROVINCE_UNION, demo_point
from orgs.models import Organisation

from .choices import MEMBERSHIP_BAR, SATISFACTION_BAR, FacilityKind, Function, HomeStatus, HonourLevel, HonourTitle
from .models import Facility, Honour, SatisfactionRating, WorkersHome

F = Function
# (kind, name, functions, area range): the rooms of a full home, and cut-down sets that miss some functions.
FULL = [
    (FacilityKind.OFFICE, "", {F.OFFICE}, (15, 40)),
    (FacilityKind.ACTIVITY_ROOM, "", {F.ACTIVITY}, (40, 200)),
    (FacilityKind.BOOKROOM, "", {F.STUDY}, (20, 80)),
    (FacilityKind.SCHOOL, "职工培训室", {F.EDUCATION, F.STUDY}, (30, 120)),
    (FacilityKind.SERVICE_STATION, "", {F.SERVICE, F.CONSULTATION}, (15, 60)),
]
COMPACT = [  # 一室多用: a small union's two rooms cover all six
    (FacilityKind.OFFICE, "工会办公室兼服务窗口", {F.OFFICE, F.SERVICE, F.CONSULTATION}, (15, 30)),
    (FacilityKind.ACTIVITY_ROOM, "综合活动室（含书屋）", {F.ACTIVITY, F.STUDY, F.EDUCATION}, (40, 90)),
]
PARTIAL = [
    [  # no education, service or consultation
        (FacilityKind.OFFICE, "", {F.OFFICE}, (12, 25)),
        (FacilityKind.ACTIVITY_ROOM, "", {F.ACTIVITY}, (30, 80)),
        (FacilityKind.BOOKROOM, "", {F.STUDY}, (15, 40)),
    ],
    [  # no consultation
        (FacilityKind.OFFICE, "", {F.OFFICE}, (12, 25)),
        (FacilityKind.CLUB, "职工之家活动中心", {F.ACTIVITY, F.EDUCATION}, (60, 150)),
        (FacilityKind.BOOKROOM, "", {F.STUDY}, (20, 50)),
        (FacilityKind.MIGRANT, "农民工服务窗口", {F.SERVICE}, (10, 20)),
    ],
    [  # only an office and a room for activities
        (FacilityKind.OFFICE, "", {F.OFFICE}, (10, 20)),
        (FacilityKind.ACTIVITY_ROOM, "", {F.ACTIVITY}, (20, 60)),
    ],
    [  # no study, no office of its own
        (FacilityKind.ACTIVITY_ROOM, "", {F.ACTIVITY, F.EDUCATION}, (40, 100)),
        (FacilityKind.LEGAL_AID, "法律援助工作站", {F.CONSULTATION, F.SERVICE}, (15, 30)),
    ],
]
PLATFORMS = ["职工书屋APP", "学习强国", "青海职工数字书屋", "中国职工书屋数字平台"]
KEEPERS = ["马秀兰", "李文华", "才让措", "韩永福", "张海青", "索南卓玛", "王丽", "祁生元"]
SHARE = {Level.GRASSROOTS: 0.45, Level.TOWNSHIP: 0.7, Level.COUNTY: 0.6}


def _area(rng, bounds):
    return Decimal(rng.randint(*bounds))


def plan_home(org, seed, today, well_run=False, division_code=""):
    """(home, facilities, honours, ratings) for `org`, or None when this union has no home in the demo. A
    well-run union (all its "六有" items met) always has a home in use, rated by its members at 90 % or more."""
    rng = random.Random(f"{seed}:home:{org.division_code}:{org.name}")
    if rng.random() >= SHARE[org.level] and not well_run:
        return None
    roll = rng.random()
    if roll < 0.40:
        rooms = FULL
    elif roll < 0.55:
        rooms = COMPACT
    else:
        rooms = rng.choice(PARTIAL)
    status = HomeStatus.IN_USE
    status_date = today - datetime.timedelta(days=rng.randint(200, 3000))
    state_roll = rng.random()
    if state_roll < 0.05:
        status, status_date = HomeStatus.BUILDING, today - datetime.timedelta(days=rng.randint(20, 200))
    elif state_roll < 0.07:
        status, status_date = HomeStatus.CLOSED, today - datetime.timedelta(days=rng.randint(30, 400))
    if well_run:
        status, status_date = HomeStatus.IN_USE, today - datetime.timedelta(days=rng.randint(200, 3000))
    has_bookroom = any(F.STUDY in functions for _k, _n, functions, _a in rooms)
    home = WorkersHome(
        organisation=org,
        name=f"{org.name.removesuffix('总工会').removesuffix('工会')}职工之家",
        status=status,
        status_date=status_date,
        address=org.address,
    )
    # Three homes in four have a point on the map, from a stream of their own (the draws above stay as they were).
    spot = random.Random(f"{seed}:home-point:{org.division_code}:{org.name}")
    if spot.random() < 0.75:
        for field, value in demo_point(spot, division_code or org.division_code, spread=0.4).items():
            setattr(home, field, value)
    if has_bookroom and any(kind == FacilityKind.BOOKROOM for kind, _n, _f, _a in rooms):
        home.bookroom_sign = rng.random() < 0.85
        home.bookroom_dedicated = rng.random() < 0.8
        home.bookroom_shelves = rng.random() < 0.95
        home.bookroom_computer = rng.random() < 0.7
        home.book_volumes = rng.choice([rng.randint(600, 2900), rng.randint(3000, 8000)])
        home.digital_reading = rng.random() < 0.6
        home.digital_platform = rng.choice(PLATFORMS) if home.digital_reading else ""
        home.lending_rules = "会员凭会员证借阅，每次不超过2册，借期一个月。" if rng.random() < 0.7 else ""
        home.bookroom_keeper = rng.choice(KEEPERS) if rng.random() < 0.8 else ""
    facilities = []
    for kind, name, functions, bounds in rooms:
        facility = Facility(kind=kind, name=name, area=_area(rng, bounds))
        facility.functions = functions
        facilities.append(facility)
    honours = []
    if (rooms is FULL or rooms is COMPACT) and rng.random() < 0.45:
        year = today.year - rng.randint(1, 8)
        honours.append(Honour(title=HonourTitle.QUALIFIED_HOME, level=HonourLevel.COUNTY, year=year))
        # the model-home ladder: each level's title only after the one below it (homes.rules.LADDER)
        ladder = [HonourLevel.COUNTY, HonourLevel.PREFECTURE, HonourLevel.PROVINCIAL, HonourLevel.NATIONAL]
        for step, level in enumerate(ladder):
            if rng.random() >= (0.6 if step == 0 else 0.35):
                break
            honours.append(Honour(title=HonourTitle.MODEL_HOME, level=level, year=min(year + 1 + 2 * step, today.year)))
    ratings = []
    if status != HomeStatus.BUILDING and (rng.random() < 0.65 or well_run):
        base = rng.uniform(90, 99) if well_run else rng.uniform(78, 99)
        for back in range(rng.randint(1, 3)):
            percent = max(Decimal(60), min(Decimal(100), Decimal(str(round(base - back * rng.uniform(0, 3), 1)))))
            ratings.append(
                SatisfactionRating(year=today.year - 1 - back, percent=percent, respondents=rng.randint(12, 400))
            )
    return home, facilities, honours, ratings


def _within_membership(honours, ratings):
    """Respondents are members of the union; a model home meets the membership and satisfaction bars."""
    from unions.models import Registration

    from .rules import MODEL_TITLES

    org_ids = {row.home.organisation_id for row in honours + ratings}
    registered = {
        r.organisation_id: r
        for r in Registration.objects.filter(organisation_id__in=org_ids).prefetch_related("covered_employers")
    }
    worst = {}
    for rating in ratings:
        registration = registered.get(rating.home.organisation_id)
        if registration is not None and registration.members is not None:
            rating.respondents = max(1, min(rating.respondents, registration.members))
        worst[rating.home_id] = min(worst.get(rating.home_id, 100), rating.percent)
    kept = []
    for honour in honours:
        registration = registered.get(honour.home.organisation_id)
        rate = registration.membership_rate if registration is not None else None
        below = (rate is not None and rate < MEMBERSHIP_BAR / 100) or worst.get(honour.home_id, 100) < SATISFACTION_BAR
        if honour.title not in MODEL_TITLES or not below:
            kept.append(honour)
    return kept, ratings


@transaction.atomic
def fill_homes(*, seed, stdout=None):
    say = stdout.write if stdout else (lambda *_a: None)
    root = Organisation.objects.filter(parent=None, name=PROVINCE_UNION).first()
    if root is None:
        return
    today = timezone.localdate()
    have = set(WorkersHome.objects.values_list("organisation_id", flat=True))
    candidates = (
        Organisation.objects.within(root)
        .filter(level__in=list(SHARE), status=Status.ACTIVE)
        .exclude(pk__in=have)
        .only("pk", "name", "level", "division_code", "address", "prefecture_id")
        .order_by("tree_id", "lft")
    )
    from unions.demo import well_run_unions

    well_run = set(well_run_unions())
    prefectures = dict(
        Organisation.objects.within(root).filter(level=Level.PREFECTURE).values_list("pk", "division_code")
    )
    plans = [
        plan
        for org in candidates.iterator()
        if (
            plan := plan_home(
                org, seed, today, well_run=org.pk in well_run, division_code=prefectures.get(org.prefecture_id, "")
            )
        )
    ]
    homes = WorkersHome.objects.bulk_create([plan[0] for plan in plans], batch_size=500)
    facilities, honours, ratings = [], [], []
    for home, (_h, home_facilities, home_honours, home_ratings) in zip(homes, plans, strict=True):
        for row in home_facilities + home_honours + home_ratings:
            row.home = home
        facilities += home_facilities
        honours += home_honours
        ratings += home_ratings
    honours, ratings = _within_membership(honours, ratings)
    Facility.objects.bulk_create(facilities, batch_size=1000)
    Honour.objects.bulk_create(honours, batch_size=1000)
    SatisfactionRating.objects.bulk_create(ratings, batch_size=1000)
    say(
        f"职工之家：新建 {len(homes)} 个（阵地 {len(facilities)} 处，荣誉 {len(honours)} 项，评家 {len(ratings)} 条）\n"
    )
