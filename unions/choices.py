from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Ethnicity(models.TextChoices):
    """The main ethnic groups of Qinghai, then 其他."""

    HAN = "han", _("汉族")
    TIBETAN = "tibetan", _("藏族")
    HUI = "hui", _("回族")
    TU = "tu", _("土族")
    SALAR = "salar", _("撒拉族")
    MONGOL = "mongol", _("蒙古族")
    OTHER = "other", _("其他")


class Employment(models.TextChoices):
    """How a chair or cadre holds the post: full-time, part-time, or socially recruited."""

    FULL_TIME = "full_time", _("专职")
    PART_TIME = "part_time", _("兼职")
    SOCIAL = "social", _("社会化招聘")


class TermYears(models.IntegerChoices):
    THREE = 3, _("3年")
    FIVE = 5, _("5年")


class SixHas(models.IntegerChoices):
    """The six items of a "六有" grassroots union (ACFTU opinion of 2014)."""

    CHAIR = 1, _("有依法选举的工会主席")
    ORGANISATION = 2, _("有独立健全的组织机构")
    VENUE = 3, _("有服务职工的活动载体")
    RULES = 4, _("有健全完善的制度机制")
    FUNDS = 5, _("有自主管理的工会经费")
    PERFORMANCE = 6, _("有会员满意的工作绩效")


# What an assessor looks for under each item (DOMAIN.md); shown beside the item on the six-has form.
SIX_HAS_GUIDANCE = {
    SixHas.CHAIR: _("主席、副主席由会员（代表）大会依法选举产生；主席任职一年内参加培训；入会率一般应达95%以上。"),
    SixHas.ORGANISATION: _(
        "设工会委员会、经费审查委员会、女职工委员会；按规模设分工会或小组；按期换届；有办公活动场所、标牌、印章、台账。"
    ),
    SixHas.VENUE: _("有服务职工的场所，经常开展服务职工的活动。"),
    SixHas.RULES: _("会员（代表）大会、主席选举、会务公开、会员评家、会员四项权利、职代会和厂务公开等制度健全。"),
    SixHas.FUNDS: _("工会经费独立建账、自主管理，按规定上解。"),
    SixHas.PERFORMANCE: _("会员满意度高（会员评家满意率一般以90%以上为标准）。"),
}


class ItemState(models.TextChoices):
    MET = "met", _("达标")
    PARTLY = "partly", _("部分达标")
    NOT_MET = "not_met", _("未达标")


class PeriodState(models.TextChoices):
    """A reporting unit's annual returns for one year (DHIS2-style approval by the level above)."""

    OPEN = "open", _("填报中")
    SUBMITTED = "submitted", _("已报送待审核")
    RETURNED = "returned", _("已退回修改")
    APPROVED = "approved", _("已审核锁定")


# States in which the returns of a period may still be changed by the reporting unit itself.
EDITABLE_PERIOD_STATES = (PeriodState.OPEN, PeriodState.RETURNED)


class EmployerStatus(models.TextChoices):
    IDENTIFIED = "identified", _("已摸排")
    CONTACTED = "contacted", _("已联系")
    PREPARING = "preparing", _("筹建中")
    ESTABLISHED = "established", _("已建会")
