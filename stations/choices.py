from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCategory(models.TextChoices):
    """The five services of a station (职工服务站五项服务)."""

    RIGHTS = "rights", _("权益维护")
    RELIEF = "relief", _("帮扶救助")
    RECREATION = "recreation", _("休闲娱乐")
    VOLUNTEERING = "volunteering", _("志愿服务")
    EDUCATION = "education", _("科普教育")


class StationStatus(models.TextChoices):
    ACTIVE = "active", _("运行中")
    SUSPENDED = "suspended", _("暂停服务")
    CLOSED = "closed", _("已关闭")


class FundingSource(models.TextChoices):
    UNION_FUNDS = "union_funds", _("工会经费")
    GOVERNMENT = "government", _("财政补助/政府购买服务")
    HOST_UNIT = "host_unit", _("驻在单位自筹")
    SUPERIOR_UNION = "superior_union", _("上级工会补助")
    MIXED = "mixed", _("多渠道筹集")
    OTHER = "other", _("其他")


class Tier(models.TextChoices):
    """Station tiers, highest first (黔东南 practice, DOMAIN.md)."""

    DEMONSTRATION = "demonstration", _("示范型")
    STANDARD = "standard", _("标准型")
    ORDINARY = "ordinary", _("普通型")


# Highest first; a station that meets no rule is 普通型.
TIER_ORDER = [Tier.DEMONSTRATION, Tier.STANDARD, Tier.ORDINARY]


class Weekday(models.TextChoices):
    MON = "1", _("周一")
    TUE = "2", _("周二")
    WED = "3", _("周三")
    THU = "4", _("周四")
    FRI = "5", _("周五")
    SAT = "6", _("周六")
    SUN = "7", _("周日")


# The six items of the station checklist ("六有", DOMAIN.md): field name on StationReview, label.
CHECKLIST = (
    ("has_sign", _("统一标识和名称")),
    ("good_location", _("选址合理、方便职工")),
    ("has_facilities", _("设施齐全")),
    ("has_services", _("服务功能齐全")),
    ("rules_posted", _("管理制度上墙")),
    ("listed_publicly", _("对外公布、地图可查")),
)
