"""Demo and scale data: the real Qinghai tree from orgs/data/, generated grassroots unions below it.

Everything generated is deterministic from a seed number, so two machines seeded alike show the same data.
"""

import csv
import itertools
import random
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from .choices import Industry, Level, Ownership, RegionType, RoleKind
from .models import Organisation, Role
from .services import organisation_create
from .treeops import attach_leaves, bulk_attach
from .validators import CREDIT_CODE_CHARSET, CREDIT_CODE_WEIGHTS

_CHAR_VALUE = {ch: n for n, ch in enumerate(CREDIT_CODE_CHARSET)}
# Every three-character run of a credit code's random part, and its share of the weighted sum at positions 9–11,
# 12–14 and 15–17; the sums of the first eight characters (kind and division) by head.
_TRIPLES = ["".join(t) for t in itertools.product(CREDIT_CODE_CHARSET, repeat=3)]
_TRIPLE_COUNT = len(_TRIPLES)
_TRIPLE_SUMS = [
    [
        sum(_CHAR_VALUE[ch] * w for ch, w in zip(t, CREDIT_CODE_WEIGHTS[start : start + 3], strict=True))
        for t in _TRIPLES
    ]
    for start in (8, 11, 14)
]
_HEAD_TOTALS = {}
DATA_FILE = Path(__file__).resolve().parent / "data" / "qinghai_divisions.csv"
PROVINCE_UNION = "青海省总工会"
DEMO_PASSWORD = "Qinghai-Demo-2017"

INDUSTRY_UNIONS = ["教科文卫体工会", "财贸轻纺烟草工会", "能源化学地质工会", "农林水利气象工会", "交通运输工会"]
DIRECT_UNIONS = ["青海省总工会机关工会", "青海省工人文化宫工会", "青海省职工服务中心工会"]
# Prefectures whose counties are pastoral (果洛, 玉树, 黄南, 海南, 海北, 海西); Xining and Haidong are the
# farming and urban east.
PASTORAL_PREFECTURES = {"6322", "6323", "6325", "6326", "6327", "6328"}
# City districts and county-level cities (the towns of the province).
URBAN_COUNTIES = {"630102", "630103", "630104", "630105", "630202", "630203", "632301", "632701", "632801",
                  "632802", "632803"}  # fmt: skip
# Share of the generated unions by prefecture: 西宁, the capital, holds the most employers, then 海东 and 海西.
PREFECTURE_WEIGHT = {"6301": 10, "6302": 5, "6328": 4, "6325": 2, "6322": 1.5, "6323": 1.5, "6327": 1, "6326": 0.7}

# Trade names that are no county's name: a company named after a place takes its own county's name instead.
BRANDS = (
    "昆仑 三江源 青湖 祁连山 雪域 柴达木 河湟 湟水 高原 江河 盐湖 格桑 雪莲 牦牛 青稞 唐蕃 卓玛 金银滩 日月山 瀚海 "
    "天路 丝路 黄河 通天河 可可西里 玉珠峰 阿尼玛卿 隆务 鲁沙尔 塔尔寺 金诃 西海 聚能 恒信 鑫源 宏达 瑞丰 康乐 "
    "华源 安泰 永盛 福顺 青藏 雪山 草原 圣湖 青峰 金穗 龙羊 拉脊 湟鱼 玉泉 高原红 神舟 大美 西部 鸿运 德泰"
).split()
BUSINESSES = [
    ("商贸", Industry.F), ("建筑工程", Industry.E), ("物流", Industry.G), ("餐饮管理", Industry.H),
    ("矿业", Industry.B), ("新能源", Industry.D), ("牧业", Industry.A), ("乳业", Industry.C),
    ("毛纺", Industry.C), ("旅游开发", Industry.N), ("电力", Industry.D), ("供水", Industry.D),
    ("盐湖化工", Industry.C), ("生物科技", Industry.M), ("信息技术", Industry.I), ("物业服务", Industry.K),
    ("汽车运输", Industry.G), ("农牧开发", Industry.A), ("超市", Industry.F), ("酒店", Industry.H),
    ("藏毯", Industry.C), ("枸杞", Industry.A), ("光伏", Industry.D), ("建材", Industry.C),
]  # fmt: skip
INSTITUTIONS = [
    ("人民医院", Industry.Q, Ownership.PUBLIC), ("中学", Industry.P, Ownership.PUBLIC),
    ("第一小学", Industry.P, Ownership.PUBLIC), ("卫生院", Industry.Q, Ownership.PUBLIC),
    ("供销合作社", Industry.F, Ownership.COLLECTIVE), ("信用合作联社", Industry.J, Ownership.COLLECTIVE),
]  # fmt: skip
SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司"]

DEMO_USERS = [
    # username, full name, role, organisation (by division code or name)
    ("sheng", "省总工会 王建国", RoleKind.PROVINCE_STAFF, "630000000000"),
    ("xining", "西宁市总工会 李海燕", RoleKind.PREFECTURE_OFFICER, "630100000000"),
    ("chengdong", "城东区总工会 马志强", RoleKind.COUNTY_OFFICER, "630102000000"),
    ("jiancha", "检查验收组 才让卓玛", RoleKind.INSPECTOR, "630100000000"),
]


@dataclass
class Division:
    level: str
    code: str
    name: str
    parent_code: str


# Rough centres of the prefectures (by the first four digits of the division code), for plausible demo points.
PREFECTURE_CENTRES = {
    "6301": (36.62, 101.78), "6302": (36.50, 102.10), "6322": (36.96, 100.90), "6323": (35.52, 102.02),
    "6325": (36.29, 100.62), "6326": (34.47, 100.24), "6327": (33.00, 97.01), "6328": (37.37, 97.37),
}  # fmt: skip


def demo_point(rng, code, spread=0.3):
    """{latitude, longitude} near the centre of the prefecture whose division code starts `code` (Xining's when
    unknown), drawn from `rng`."""
    from decimal import Decimal

    lat, lon = PREFECTURE_CENTRES.get((code or "")[:4], PREFECTURE_CENTRES["6301"])
    return {
        "latitude": Decimal(f"{lat + rng.uniform(-spread, spread):.6f}"),
        "longitude": Decimal(f"{lon + rng.uniform(-spread, spread):.6f}"),
    }


def read_divisions():
    with open(DATA_FILE, encoding="utf-8") as handle:
        return [Division(**row) for row in csv.DictReader(handle)]


def union_name(division):
    if division.level == "township":
        return f"{division.name}工会"
    if division.name.endswith("行政委员会"):
        return f"{division.name}工会"
    return f"{division.name}总工会"


def make_credit_code(rng, division6, kind="91"):
    """A valid GB 32100 code of `kind` (91 enterprise, 92 individual business, 12 public institution, 81 union)
    registered in `division6`: nine random characters drawn as three triples, with the check character from
    precomputed weighted sums (a few microseconds, as 300,000 unions need)."""
    head = kind + division6
    total = _HEAD_TOTALS.get(head)
    if total is None:
        total = _HEAD_TOTALS[head] = sum(
            _CHAR_VALUE[ch] * w for ch, w in zip(head, CREDIT_CODE_WEIGHTS[:8], strict=True)
        )
    rand = rng.random
    a, b, c = int(rand() * _TRIPLE_COUNT), int(rand() * _TRIPLE_COUNT), int(rand() * _TRIPLE_COUNT)
    total += _TRIPLE_SUMS[0][a] + _TRIPLE_SUMS[1][b] + _TRIPLE_SUMS[2][c]
    return f"{head}{_TRIPLES[a]}{_TRIPLES[b]}{_TRIPLES[c]}{CREDIT_CODE_CHARSET[(31 - total % 31) % 31]}"


def employer_kind(ownership):
    """The credit-code kind an employer of `ownership` is registered as."""
    return {Ownership.PUBLIC: "12", Ownership.INDIVIDUAL: "92", Ownership.SOCIAL: "52"}.get(ownership, "91")


def region_type_for(code, level, name=""):
    """分类指导 by place: city districts, county-level cities, their streets and the county seats are 城镇; parks
    园区; the rest of the six Tibetan and Mongol prefectures 牧区; the rest of the farming east 农业区."""
    division6 = code[:6]
    if level == "township":
        if "园区" in name or "开发区" in name or code[6:9] == "400":
            return RegionType.PARK
        if name.endswith("街道") or code[6:9] == "100" or division6 in URBAN_COUNTIES:
            return RegionType.URBAN
    elif division6 in URBAN_COUNTIES or level in ("province", "prefecture"):
        return RegionType.URBAN
    if division6[:4] in PASTORAL_PREFECTURES:
        return RegionType.PASTORAL
    return RegionType.AGRICULTURAL


# Company ownership by the form of the name: a 股份有限公司 is a joint-stock company, 有限公司 mostly private.
COMPANY_OWNERSHIP = {
    "有限公司": [(Ownership.PRIVATE, 70), (Ownership.STATE, 12), (Ownership.COLLECTIVE, 6), (Ownership.FOREIGN, 2),
                 (Ownership.MIXED, 10)],
    "有限责任公司": [(Ownership.PRIVATE, 55), (Ownership.STATE, 25), (Ownership.MIXED, 15), (Ownership.COLLECTIVE, 5)],
    "股份有限公司": [(Ownership.MIXED, 60), (Ownership.STATE, 20), (Ownership.PRIVATE, 20)],
}  # fmt: skip
JOINT_KINDS = [("小微企业", Ownership.PRIVATE), ("个体劳动者", Ownership.INDIVIDUAL), ("商圈", Ownership.PRIVATE),
               ("物流园", Ownership.PRIVATE), ("建筑项目", Ownership.PRIVATE)]  # fmt: skip


def short_place(name):
    """The place a company may be named after: 城东区 → 城东, 大通回族土族自治县 → 大通, 浩门镇 → 浩门."""
    for marker in (
        "回族",
        "土族",
        "撒拉族",
        "藏族",
        "蒙古族",
        "自治县",
        "行政委员会",
        "街道",
        "县",
        "区",
        "市",
        "镇",
        "乡",
    ):
        if marker in name and name.index(marker) >= 2:
            return name[: name.index(marker)]
    return name


INDUSTRY_SECTIONS = list(Industry)[:20]
SURNAMES = "张王李赵马韩祁才更多杨"
GIVEN_NAMES = ["建华", "玉梅", "卓玛", "海军", "永福", "秀兰", "文静", "德吉"]
# Per company form: the ownerships it may have and their cumulative weights, for one rng.choices call.
_COMPANY_OWNERSHIP_CUM = {
    suffix: ([o for o, _w in weights], list(itertools.accumulate(w for _o, w in weights)))
    for suffix, weights in COMPANY_OWNERSHIP.items()
}


class GrassrootsFactory:
    """Plausible grassroots unions under a parent: names unique across the province (one company is one
    company), a company named after a place only in that place's county, ownership that fits the name, and
    the union's own 81 credit code.

    Fast enough for 300,000 (about a microsecond a draw, no model instances): a few tries at the demo's
    names, then companies with two trade names ("昆仑雪域商贸有限公司"), which leaves room for millions, and a
    numbered union only as the last resort. Each union is a tuple in LEAF_FIELDS order (see treeops)."""

    def __init__(self, seed, names=(), codes=()):
        self.rng = random.Random(seed)
        self.names = set(names)
        self.codes = set(codes)
        self.numbered = 0

    def _name(self, place, county_place):
        rand = self.rng.random
        names = self.names
        for attempt in range(8):
            roll = rand()
            if attempt < 2 and roll < 0.12:
                name_core, industry, ownership = INSTITUTIONS[int(rand() * len(INSTITUTIONS))]
                name = f"{place}{name_core}工会委员会"
                suffix = None
            elif attempt < 2 and roll < 0.18:
                industry = INDUSTRY_SECTIONS[int(rand() * len(INDUSTRY_SECTIONS))]
                kind, ownership = JOINT_KINDS[int(rand() * len(JOINT_KINDS))]
                name = f"{place}{kind}联合工会委员会"
                suffix = None
            else:
                business, industry = BUSINESSES[int(rand() * len(BUSINESSES))]
                suffix = SUFFIXES[int(rand() * len(SUFFIXES))]
                # about one company in four carries its county's name (青海 for the rest: registered province-wide)
                prefix = county_place if attempt >= 5 or rand() < 0.25 else "青海"
                first = int(rand() * len(BRANDS))
                brand = BRANDS[first]
                if attempt >= 2:
                    brand += BRANDS[(first + 1 + int(rand() * (len(BRANDS) - 1))) % len(BRANDS)]
                name = f"{prefix}{brand}{business}{suffix}工会委员会"
            if name not in names:
                names.add(name)
                if suffix is not None:
                    choices, cum = _COMPANY_OWNERSHIP_CUM[suffix]
                    ownership = self.rng.choices(choices, cum_weights=cum)[0]
                return name, industry, ownership
        while True:
            self.numbered += 1
            name = f"{place}第{self.numbered}基层工会委员会"
            if name not in names:
                names.add(name)
                return name, INDUSTRY_SECTIONS[int(rand() * len(INDUSTRY_SECTIONS))], Ownership.PRIVATE

    def make(self, parent_id, place, division6, region_type, county_place=None):
        """One union under `parent_id`, as a tuple in LEAF_FIELDS order."""
        rng = self.rng
        rand = rng.random
        county_place = county_place or place
        if "公司" in place or "农场" in place:
            # A state farm listed as a township names nothing else after itself: its units take the county's name.
            place = county_place
        name, industry, ownership = self._name(place, county_place)
        code = ""
        if rand() < 0.85:
            code = make_credit_code(rng, division6, "81")
            while code in self.codes:
                code = make_credit_code(rng, division6, "81")
            self.codes.add(code)
        return (
            parent_id,
            name,
            code,
            industry,
            ownership,
            region_type,
            f"{place}{int(rand() * 300) + 1}号",
            SURNAMES[int(rand() * len(SURNAMES))] + GIVEN_NAMES[int(rand() * len(GIVEN_NAMES))],
            f"1{'3578'[int(rand() * 4)]}{100000000 + int(rand() * 900000000)}",
        )


def _parents_for_grassroots(root):
    """Where generated unions hang: townships, and counties (which also hold unions directly)."""
    return list(
        Organisation.objects.within(root)
        .filter(level__in=[Level.TOWNSHIP, Level.COUNTY])
        .order_by("tree_id", "lft")
        .only("pk", "name", "level", "parent_id", "division_code", "region_type")
    )


def generate_grassroots(root, count, seed, *, with_history):
    """Add `count` generated grassroots unions under the townships and counties of `root`, deterministic from
    `seed`. Streams tuples into treeops.attach_leaves (PostgreSQL COPY when no history is wanted), so 300,000
    take seconds and little memory."""
    parents = _parents_for_grassroots(root)
    if not parents or count <= 0:
        return 0
    within = Organisation.objects.within(root)
    factory = GrassrootsFactory(
        seed,
        names=within.filter(level=Level.GRASSROOTS).values_list("name", flat=True).iterator(chunk_size=20000),
        codes=Organisation.objects.exclude(credit_code="")
        .values_list("credit_code", flat=True)
        .iterator(chunk_size=20000),
    )
    counties = dict(within.filter(level=Level.COUNTY).values_list("pk", "name"))
    rng = random.Random(seed + 1)
    # City parents get more unions than remote pastoral townships, and 西宁 more than 海东, as in life.
    weights = [
        (5 if p.region_type in (RegionType.URBAN, RegionType.PARK) else 2 if p.region_type == RegionType.AGRICULTURAL
         else 1) * PREFECTURE_WEIGHT.get((p.division_code or "")[:4], 1)
        for p in parents
    ]  # fmt: skip
    facts = []
    for parent in parents:
        place = parent.name.removesuffix("总工会").removesuffix("工会")
        county = counties.get(parent.pk if parent.level == Level.COUNTY else parent.parent_id, "")
        county_place = short_place(county.removesuffix("总工会")) if county else place
        division6 = (parent.division_code or "630000")[:6]
        facts.append((parent.pk, place, division6, parent.region_type or RegionType.AGRICULTURAL, county_place))
    picks = rng.choices(range(len(parents)), weights, k=count)
    # Grouped by parent: each parent's unions get neighbouring ids and index entries, which halves the COPY's time.
    picks.sort()
    make = factory.make
    leaves = (make(*facts[n]) for n in picks)
    return attach_leaves([p.pk for p in parents], leaves, with_history=with_history)


@transaction.atomic
def seed_qinghai(*, grassroots=3000, seed=2017, stdout=None):
    """Create (or complete) the demo tree. Safe to run again: existing organisations are kept."""
    say = stdout.write if stdout else (lambda *_a: None)
    divisions = read_divisions()
    province = next(d for d in divisions if d.level == "province")
    root = Organisation.objects.filter(parent=None, name=PROVINCE_UNION).first()
    if root is None:
        root = organisation_create(
            actor=None,
            instance=Organisation(
                name=PROVINCE_UNION, short_name="省总", level=Level.PROVINCE, division_code=province.code,
                address="青海省西宁市城西区", region_type=RegionType.URBAN,
            ),
        )  # fmt: skip
    by_code = dict(Organisation.objects.within(root).exclude(division_code="").values_list("division_code", "id"))
    by_code[province.code] = root.pk
    created = 0
    for level, org_level in (("prefecture", Level.PREFECTURE), ("county", Level.COUNTY), ("township", Level.TOWNSHIP)):
        fresh = []
        for d in divisions:
            if d.level != level or d.code in by_code:
                continue
            fresh.append(
                Organisation(
                    name=union_name(d),
                    level=org_level,
                    parent_id=by_code[d.parent_code],
                    division_code=d.code,
                    region_type=region_type_for(d.code, level, d.name),
                )
            )
        if fresh:
            for node in bulk_attach(fresh, with_history=True):
                by_code[node.division_code] = node.pk
            created += len(fresh)
    extra = []
    existing_names = set(Organisation.objects.filter(parent=root).values_list("name", flat=True))
    for name in INDUSTRY_UNIONS:
        full = f"青海省{name}"
        if full not in existing_names:
            extra.append(Organisation(name=full, level=Level.INDUSTRY, parent_id=root.pk, industry=""))
    for name in DIRECT_UNIONS:
        if name not in existing_names:
            extra.append(Organisation(name=name, level=Level.DIRECT, parent_id=root.pk, ownership=Ownership.PUBLIC))
    if extra:
        bulk_attach(extra, with_history=True)
        created += len(extra)
    say(f"行政层级工会：新建 {created} 个\n")
    have = Organisation.objects.within(root).filter(level=Level.GRASSROOTS).count()
    missing = max(0, grassroots - have)
    made = generate_grassroots(root, missing, seed, with_history=True) if missing else 0
    say(f"基层工会：已有 {have} 个，新建 {made} 个\n")
    return root


def seed_users(*, stdout=None):
    say = stdout.write if stdout else (lambda *_a: None)
    User = get_user_model()
    admin, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.first_name = "系统管理员"
        admin.save()
    lines = [("admin", "系统管理员（超级用户）", "—")]
    for username, full_name, kind, code in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        org = Organisation.objects.get(division_code=code, level__in=[Level.PROVINCE, Level.PREFECTURE, Level.COUNTY])
        Role.objects.get_or_create(user=user, organisation=org, kind=kind)
        lines.append((username, str(RoleKind(kind).label), org.name))
    say(f"演示用户（密码均为 {DEMO_PASSWORD}）：\n")
    for username, role, org in lines:
        say(f"  {username:<10} {role:<14} {org}\n")


def fill_demo_records(*, seed, stdout=None):
    """Every app's sample records over the tree (core.registry's demo fillers, in their order), for seed_demo
    and `seed_scale --records`; then the change stamps folded, and ANALYZE on PostgreSQL: freshly bulk-loaded tables have no statistics until
    autovacuum gets to them, and the planner then guesses costs far too high and compiles JIT for the quality
    page's queries (1–3 s instead of 0.3)."""
    from django.db import connection

    from core.changes import compact
    from core.registry import registry

    seed_users(stdout=stdout)  # the fillers look for the demo users (chengdong enters a county's records)
    for _order, filler in registry.demo:
        filler(seed=seed, stdout=stdout)
    compact()  # one change-stamp row per area rather than one per statement the fillers ran (core.changes)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
