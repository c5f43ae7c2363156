"""Demo and scale data: the real Qinghai tree from orgs/data/, generated grassroots unions below it.

Everything generated is deterministic from a seed number, so two machines seeded alike show the same data.
"""

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from .choices import Industry, Level, Ownership, RegionType, RoleKind
from .models import Organisation, Role
from .services import organisation_create
from .treeops import bulk_attach
from .validators import CREDIT_CODE_CHARSET, credit_code_check_char

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
OWNERSHIP_WEIGHTS = [
    (Ownership.PRIVATE, 45), (Ownership.STATE, 15), (Ownership.MIXED, 12), (Ownership.COLLECTIVE, 6),
    (Ownership.INDIVIDUAL, 8), (Ownership.FOREIGN, 2), (Ownership.SOCIAL, 4), (Ownership.OTHER, 2),
]  # fmt: skip

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
    registered in `division6`."""
    body = kind + division6 + "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(9))
    return body + credit_code_check_char(body)


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


class GrassrootsFactory:
    """Plausible grassroots unions under a parent: names unique across the province (one company is one
    company), a company named after a place only in that place's county, ownership that fits the name, and
    the union's own 81 credit code."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.used = set()
        self.names = set()

    def make(self, parent, place, division6, region_type, county_place=None):
        rng = self.rng
        county_place = county_place or place
        if "公司" in place or "农场" in place:
            # A state farm listed as a township names nothing else after itself: its units take the county's name.
            place = county_place
        for _attempt in range(50):
            roll = rng.random()
            if roll < 0.12:
                name_core, industry, ownership = rng.choice(INSTITUTIONS)
                name = f"{place}{name_core}工会委员会"
            elif roll < 0.18:
                industry = rng.choice(list(Industry)[:20])
                kind, ownership = rng.choice(JOINT_KINDS)
                name = f"{place}{kind}联合工会委员会"
            else:
                business, industry = rng.choice(BUSINESSES)
                suffix = rng.choice(SUFFIXES)
                weights = COMPANY_OWNERSHIP[suffix]
                ownership = rng.choices([o for o, _w in weights], [w for _o, w in weights])[0]
                # about one company in four carries its county's name (青海 for the rest: registered province-wide)
                prefix = county_place if rng.random() < 0.25 else "青海"
                name = f"{prefix}{rng.choice(BRANDS)}{business}{suffix}工会委员会"
            if (parent.pk, name) not in self.used and name not in self.names:
                break
        else:
            name = f"{place}第{len(self.used) + 1}基层工会委员会"
        self.used.add((parent.pk, name))
        self.names.add(name)
        return Organisation(
            name=name,
            level=Level.GRASSROOTS,
            parent_id=parent.pk,
            credit_code=make_credit_code(rng, division6, "81") if rng.random() < 0.85 else "",
            industry=industry,
            ownership=ownership,
            region_type=region_type,
            address=f"{place}{rng.randint(1, 300)}号",
            contact_person=rng.choice("张王李赵马韩祁才更多杨")
            + rng.choice(["建华", "玉梅", "卓玛", "海军", "永福", "秀兰", "文静", "德吉"]),
            contact_phone=f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}",
        )


def _parents_for_grassroots(root):
    """Where generated unions hang: townships, and counties (which also hold unions directly)."""
    return list(
        Organisation.objects.within(root).filter(level__in=[Level.TOWNSHIP, Level.COUNTY]).order_by("tree_id", "lft")
    )


def generate_grassroots(root, count, seed, *, with_history):
    parents = _parents_for_grassroots(root)
    if not parents or count <= 0:
        return 0
    factory = GrassrootsFactory(seed)
    existing = set(Organisation.objects.within(root).filter(level=Level.GRASSROOTS).values_list("parent_id", "name"))
    factory.used |= existing
    factory.names |= {name for _parent, name in existing}
    counties = {
        pk: name for pk, name in Organisation.objects.within(root).filter(level=Level.COUNTY).values_list("pk", "name")
    }
    rng = random.Random(seed + 1)
    # City parents get more unions than remote pastoral townships, and 西宁 more than 海东, as in life.
    weights = [
        (5 if p.region_type in (RegionType.URBAN, RegionType.PARK) else 2 if p.region_type == RegionType.AGRICULTURAL
         else 1) * PREFECTURE_WEIGHT.get((p.division_code or "")[:4], 1)
        for p in parents
    ]  # fmt: skip
    nodes = []
    for parent in rng.choices(parents, weights, k=count):
        place = parent.name.removesuffix("总工会").removesuffix("工会")
        county = counties.get(parent.pk if parent.level == Level.COUNTY else parent.parent_id, "")
        county_place = short_place(county.removesuffix("总工会")) if county else place
        division6 = (parent.division_code or "630000")[:6]
        nodes.append(
            factory.make(parent, place, division6, parent.region_type or RegionType.AGRICULTURAL, county_place)
        )
    bulk_attach(nodes, with_history=with_history)
    return len(nodes)


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
