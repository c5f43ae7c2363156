from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("省总工会")
    PREFECTURE = "prefecture", _("市(州)总工会")
    COUNTY = "county", _("区(市、县)总工会")
    TOWNSHIP = "township", _("乡镇(街道)、园区工会")
    GRASSROOTS = "grassroots", _("基层工会")
    INDUSTRY = "industry", _("产业工会")
    DIRECT = "direct", _("直属工会")


# Which levels may stand directly under which (DESIGN.md, "The tree").
ALLOWED_CHILDREN = {
    Level.PROVINCE: {Level.PREFECTURE, Level.INDUSTRY, Level.DIRECT},
    Level.PREFECTURE: {Level.COUNTY, Level.INDUSTRY, Level.GRASSROOTS},
    Level.COUNTY: {Level.TOWNSHIP, Level.GRASSROOTS},
    Level.TOWNSHIP: {Level.GRASSROOTS},
    Level.INDUSTRY: {Level.GRASSROOTS},
    Level.DIRECT: {Level.GRASSROOTS},
    Level.GRASSROOTS: set(),
}
ROOT_LEVELS = {Level.PROVINCE}
PARENT_LEVELS = [level for level, children in ALLOWED_CHILDREN.items() if children]


class Status(models.TextChoices):
    ACTIVE = "active", _("正常")
    DISSOLVED = "dissolved", _("已撤销")
    MERGED = "merged", _("已合并")


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections."""

    A = "A", _("A 农、林、牧、渔业")
    B = "B", _("B 采矿业")
    C = "C", _("C 制造业")
    D = "D", _("D 电力、热力、燃气及水生产和供应业")
    E = "E", _("E 建筑业")
    F = "F", _("F 批发和零售业")
    G = "G", _("G 交通运输、仓储和邮政业")
    H = "H", _("H 住宿和餐饮业")
    I = "I", _("I 信息传输、软件和信息技术服务业")  # noqa: E741
    J = "J", _("J 金融业")
    K = "K", _("K 房地产业")
    L = "L", _("L 租赁和商务服务业")
    M = "M", _("M 科学研究和技术服务业")
    N = "N", _("N 水利、环境和公共设施管理业")
    O = "O", _("O 居民服务、修理和其他服务业")  # noqa: E741
    P = "P", _("P 教育")
    Q = "Q", _("Q 卫生和社会工作")
    R = "R", _("R 文化、体育和娱乐业")
    S = "S", _("S 公共管理、社会保障和社会组织")
    T = "T", _("T 国际组织")


class Ownership(models.TextChoices):
    STATE = "state", _("国有")
    COLLECTIVE = "collective", _("集体")
    PRIVATE = "private", _("私营")
    FOREIGN = "foreign", _("外商及港澳台投资")
    MIXED = "mixed", _("股份制、混合所有制")
    PUBLIC = "public", _("机关、事业单位")
    SOCIAL = "social", _("社会组织")
    INDIVIDUAL = "individual", _("个体工商户")
    OTHER = "other", _("其他")


class RegionType(models.TextChoices):
    """分类指导: where the union works, so remote pastoral areas are not held to a city's thresholds."""

    URBAN = "urban", _("城镇")
    AGRICULTURAL = "agricultural", _("农业区")
    PASTORAL = "pastoral", _("牧区")
    PARK = "park", _("园区")


class RegionClass(models.TextChoices):
    """一/二/三类地区 (分类指导): targets and acceptance thresholds are tiered by it."""

    FIRST = "1", _("一类地区")
    SECOND = "2", _("二类地区")
    THIRD = "3", _("三类地区")


# The class an organisation falls in when nobody has set one: cities and parks are held to the first tier,
# farming areas to the second, remote pastoral areas to the third.
REGION_CLASS_FOR_TYPE = {
    RegionType.URBAN: RegionClass.FIRST,
    RegionType.PARK: RegionClass.FIRST,
    RegionType.AGRICULTURAL: RegionClass.SECOND,
    RegionType.PASTORAL: RegionClass.THIRD,
}


class RoleKind(models.TextChoices):
    PROVINCE_STAFF = "province_staff", _("省总工会工作人员")
    PREFECTURE_OFFICER = "prefecture_officer", _("市(州)总工会干部")
    COUNTY_OFFICER = "county_officer", _("区(市、县)总工会干部")
    INSPECTOR = "inspector", _("检查验收人员")
    VIEWER = "viewer", _("只读用户")


# Roles that may change records in their subtree. An inspector reads a subtree and writes only the reports
# assigned to them, which the assessment models grant through their own scope rule.
WRITE_ROLE_KINDS = {RoleKind.PROVINCE_STAFF, RoleKind.PREFECTURE_OFFICER, RoleKind.COUNTY_OFFICER}

# The ancestor columns of an organisation (DHIS2's idlevel1..N): an organisation at one of these levels names
# itself in its own column, and everything below it names it there too, so "inside X" is one equality on an
# indexed column whose row estimate the planner knows.
ANCESTOR_COLUMNS = {
    Level.PROVINCE: "province",
    Level.PREFECTURE: "prefecture",
    Level.COUNTY: "county",
    Level.TOWNSHIP: "township",
}
ANCESTOR_FIELDS = tuple(ANCESTOR_COLUMNS.values())
# Top-down position in any chain of the tree (province > prefecture > industry > grassroots, province > direct >
# grassroots, … county > township > grassroots), for ordering ancestors and "the top of a scope" first.
LEVEL_RANK = {
    Level.PROVINCE: 0,
    Level.PREFECTURE: 1,
    Level.DIRECT: 1,
    Level.COUNTY: 2,
    Level.INDUSTRY: 2,
    Level.TOWNSHIP: 3,
    Level.GRASSROOTS: 4,
}
