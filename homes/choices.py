from django.db import models
from django.utils.translation import gettext_lazy as _


class HomeStatus(models.TextChoices):
    IN_USE = "in_use", _("使用中")
    BUILDING = "building", _("建设中")
    CLOSED = "closed", _("已停用")


class FacilityKind(models.TextChoices):
    OFFICE = "office", _("工会办公室")
    ACTIVITY_ROOM = "activity_room", _("职工活动室")
    CLUB = "club", _("职工俱乐部")
    SERVICE_STATION = "service_station", _("职工服务站")
    BOOKROOM = "bookroom", _("职工书屋")
    SCHOOL = "school", _("职工学校/教育")
    LEGAL_AID = "legal_aid", _("法律援助")
    MIGRANT = "migrant", _("农民工服务")
    OTHER = "other", _("其他")


class Function(models.TextChoices):
    """The six functions of "六位一体"; each code is also the name of the flag on Facility."""

    OFFICE = "office", _("办公")
    STUDY = "study", _("学习")
    EDUCATION = "education", _("教育")
    SERVICE = "service", _("服务")
    CONSULTATION = "consultation", _("咨询")
    ACTIVITY = "activity", _("活动")


FUNCTION_CODES = [code for code, _label in Function.choices]

# What a facility of each kind usually provides; used when a spreadsheet names only the kind and its area.
DEFAULT_FUNCTIONS = {
    FacilityKind.OFFICE: {Function.OFFICE},
    FacilityKind.ACTIVITY_ROOM: {Function.ACTIVITY},
    FacilityKind.CLUB: {Function.ACTIVITY},
    FacilityKind.SERVICE_STATION: {Function.SERVICE, Function.CONSULTATION},
    FacilityKind.BOOKROOM: {Function.STUDY},
    FacilityKind.SCHOOL: {Function.EDUCATION, Function.STUDY},
    FacilityKind.LEGAL_AID: {Function.CONSULTATION, Function.SERVICE},
    FacilityKind.MIGRANT: {Function.SERVICE},
    FacilityKind.OTHER: set(),
}


class HonourTitle(models.TextChoices):
    MODEL_HOME = "model_home", _("模范职工之家")
    MODEL_SMALL_HOME = "model_small_home", _("模范职工小家")
    QUALIFIED_HOME = "qualified_home", _("合格职工之家")


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    PREFECTURE = "prefecture", _("市(州)级")
    COUNTY = "county", _("县级")


# Levels of union that keep a home (DESIGN: a home belongs to a grassroots, township or county union).
HOME_LEVELS = ("grassroots", "township", "county")

BOOKROOM_VOLUME_THRESHOLD = 3000  # ACFTU rules for 职工书屋 (DOMAIN.md)
SATISFACTION_BAR = 90  # 会员评家: 90 % is the usual bar for a model home (DOMAIN.md)
MEMBERSHIP_BAR = 90  # membership rate a model home needs (DOMAIN.md)
