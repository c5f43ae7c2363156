"""Choices of the inspection and acceptance records (统一检查指导, 统一考核验收)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemGroup(models.TextChoices):
    HUI = "hui", _("会")
    ZHAN = "zhan", _("站")
    JIA = "jia", _("家")
    TEAM = "team", _("队伍建设")
    MECHANISM = "mechanism", _("工作机制")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("自评中")
    SUBMITTED = "submitted", _("已报送待验收评分")
    SCORED = "scored", _("已评分待验收")
    ACCEPTED = "accepted", _("已验收")
    RETURNED = "returned", _("已退回修改")


# States in which the union side fills its self-assessment.
SELF_EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("待检查")
    DONE = "done", _("已检查")


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    DONE = "done", _("已整改待核查")
    VERIFIED = "verified", _("已核查通过")
    REOPENED = "reopened", _("核查未通过，重新整改")


# Statuses in which the union still has to act (and a deadline can pass).
RECTIFICATION_PENDING = (RectificationStatus.OPEN, RectificationStatus.REOPENED)

REGION_CLASSES = (("1", _("一类地区")), ("2", _("二类地区")), ("3", _("三类地区")))
