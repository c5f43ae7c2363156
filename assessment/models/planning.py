"""统一部署工作 and 统一配置力量: yearly target plans cascaded down the tree, the coordination groups that lead the
work, and the resources allocated to it.

A plan is issued by a province, prefecture or county union to its children. Each of its indicators is a figure
of `figures.registry` (progress is then computed live, never typed in) or a free indicator measured by hand;
the indicator gives a value per region class (一/二/三类地区), and each child gets a target of its class's value.
A child cascades its share further down with a plan of its own whose indicators point at the parent's.
"""

import datetime
import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import track
from core.models import PortalModel
from core.scope import CHANGE, role_ancestor_ids, role_org_ids, subtree_q
from core.urls_helpers import model_url
from orgs.choices import Level, RegionClass

PLAN_LEVELS = (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY)
# How far below a rate target a current-year actual may be and still be "on track" (percentage points).
RATE_TOLERANCE = Decimal(5)


def figure_choices():
    from figures.registry import figure_choices as choices

    return choices()


def issued_q(path, user, action):
    """Records issued by an organisation (reached by `path`): read within the reader's subtree and from every
    level above it (a plan is issued to the whole subtree below its issuer); written by the issuer's write roles
    (the issuer's own level and those above it)."""
    q = subtree_q(path, role_org_ids(user, action))
    if action != CHANGE:
        q |= Q(**{f"{path}pk__in": role_ancestor_ids(user, action)})
    return q


class TargetState(models.TextChoices):
    MET = "met", _("已完成")
    ON_TRACK = "on_track", _("按进度推进")
    BEHIND = "behind", _("滞后")
    UNKNOWN = "unknown", _("暂无数据")


class TargetPlan(PortalModel):
    """目标责任书: the targets one union (province, prefecture or county) sets its children for one year."""

    issuer = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="target_plans", verbose_name=_("下达单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cascades",
        verbose_name=_("分解自"),
        help_text=_("本计划分解落实的上级目标计划。"),
    )
    note = models.TextField(_("说明"), blank=True)

    scope_path = "issuer__"

    class Meta:
        verbose_name = _("目标计划")
        verbose_name_plural = _("目标计划")
        ordering = ["-year", "issuer__tree_id", "issuer__lft", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "name"],
                name="plan_unique_name_per_issuer_year",
                violation_error_message=_("该单位本年度已有同名的目标计划。"),
            )
        ]

    def __str__(self):
        return _("%(year)s年 %(name)s") % {"year": self.year, "name": self.name}

    def get_absolute_url(self):
        return model_url(TargetPlan, "detail", self.pk)

    @staticmethod
    def scope_q_for(user, action):
        return issued_q("issuer__", user, action)

    def clean(self):
        errors = {}
        issuer = self.issuer if self.issuer_id else None
        if issuer is not None:
            if issuer.level not in PLAN_LEVELS:
                errors["issuer"] = _("目标计划由省、市(州)或区(市、县)总工会下达，“%(org)s”是%(level)s。") % {
                    "org": issuer.name,
                    "level": issuer.get_level_display(),
                }
            elif not issuer.is_active:
                errors["issuer"] = _("“%(org)s”已撤销或合并，不能下达目标计划。") % {"org": issuer.name}
        if self.year and not 2000 <= self.year <= timezone.localdate().year + 5:
            errors["year"] = _("年度须在 2000 年至 %(last)s 年之间。") % {"last": timezone.localdate().year + 5}
        if self.parent_id and issuer is not None:
            parent = self.parent
            if parent.issuer_id != issuer.parent_id:
                errors["parent"] = _("只能分解直接上级（%(parent)s）下达的目标计划。") % {
                    "parent": issuer.parent.name if issuer.parent_id else "—"
                }
            elif parent.year != self.year:
                errors["parent"] = _("分解的上级计划是%(year)s年度的，年度须相同。") % {"year": parent.year}
        if self.name:
            self.name = self.name.strip()
        if errors:
            raise ValidationError(errors)

    def children(self):
        """The active organisations directly below the issuer: the ones given targets."""
        from orgs.models import Organisation

        return Organisation.objects.filter(parent_id=self.issuer_id, status="active").order_by("name")


class PlanIndicator(PortalModel):
    """One indicator of a plan: a figure (measured live) or a free indicator measured by hand, with its default
    value and optionally a value per region class (分类指导)."""

    plan = models.ForeignKey(
        TargetPlan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("目标计划")
    )
    figure = models.CharField(
        _("统计指标"),
        max_length=40,
        blank=True,
        help_text=_("选择系统统计的指标，完成情况自动计算；留空则为手工填报完成情况的自定义指标。"),
    )
    name = models.CharField(_("指标名称"), max_length=100, blank=True, help_text=_("选择了统计指标时可不填。"))
    unit = models.CharField(_("单位"), max_length=20, blank=True, help_text=_("如 %、个、家；统计指标自动填写。"))
    value = models.DecimalField(_("目标值"), max_digits=12, decimal_places=2)
    value_class_1 = models.DecimalField(_("一类地区目标值"), max_digits=12, decimal_places=2, null=True, blank=True)
    value_class_2 = models.DecimalField(_("二类地区目标值"), max_digits=12, decimal_places=2, null=True, blank=True)
    value_class_3 = models.DecimalField(_("三类地区目标值"), max_digits=12, decimal_places=2, null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("上级指标"),
    )

    scope_path = "plan__issuer__"

    class Meta:
        verbose_name = _("目标指标")
        verbose_name_plural = _("目标指标")
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "figure"],
                condition=~Q(figure=""),
                name="plan_indicator_one_per_figure",
                violation_error_message=_("该计划中已有这一统计指标。"),
            )
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return self.plan.get_absolute_url()

    @staticmethod
    def scope_q_for(user, action):
        return issued_q("plan__issuer__", user, action)

    @property
    def figure_object(self):
        from figures.registry import FIGURES

        return FIGURES.get(self.figure)

    @property
    def display_name(self):
        figure = self.figure_object
        return self.name or (str(figure.name) if figure else "")

    @property
    def is_rate(self):
        figure = self.figure_object
        return (figure is not None and not figure.is_count) or self.unit == "%"

    @property
    def key(self):
        """The figure key, or "free" for an indicator measured by hand."""
        return self.figure or "free"

    def tier_values(self):
        return {
            RegionClass.FIRST: self.value_class_1,
            RegionClass.SECOND: self.value_class_2,
            RegionClass.THIRD: self.value_class_3,
        }

    @property
    def is_tiered(self):
        return any(v is not None for v in self.tier_values().values())

    def value_for(self, organisation):
        """The target an organisation gets: its region class's value when the indicator is tiered, else the
        default value."""
        tiered = self.tier_values().get(organisation.effective_region_class)
        return self.value if tiered is None else tiered

    def clean(self):
        errors = {}
        figure = self.figure_object
        if self.figure and figure is None:
            errors["figure"] = _("未知的统计指标“%(key)s”。") % {"key": self.figure}
        if not self.figure and not (self.name or "").strip():
            errors["name"] = _("自定义指标须填写指标名称。")
        if figure is not None:
            self.unit = str(figure.unit)
        for field in ("value", "value_class_1", "value_class_2", "value_class_3"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("目标值不能为负数。")
            elif value is not None and self.is_rate and value > 100:
                errors[field] = _("比率类指标的目标值不能超过 100%。")
        if errors:
            raise ValidationError(errors)


class Target(PortalModel):
    """The value one child organisation is to reach on one indicator of a plan. Its actual is computed live from
    the records through the figures module; only a free indicator's actual is entered by hand."""

    indicator = models.ForeignKey(
        PlanIndicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("目标指标")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="targets", verbose_name=_("责任单位")
    )
    value = models.DecimalField(_("目标值"), max_digits=12, decimal_places=2)
    measured = models.DecimalField(
        _("手工填报完成值"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("仅自定义指标填写；统计指标的完成情况由系统根据实时数据计算。"),
    )
    note = models.TextField(_("备注"), blank=True)

    scope_path = "organisation__"

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["indicator__plan", "indicator", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation"],
                name="target_one_per_indicator_organisation",
                violation_error_message=_("该单位在这一指标上已有目标，请直接修改。"),
            )
        ]

    def __str__(self):
        org = self.organisation.name if self.organisation_id else ""
        indicator = self.indicator.display_name if self.indicator_id else ""
        return f"{org} · {indicator}"

    def get_absolute_url(self):
        return model_url(Target, "detail", self.pk)

    @staticmethod
    def scope_q_for(user, action):
        if action == CHANGE:
            return subtree_q("indicator__plan__issuer__", role_org_ids(user, CHANGE))
        # a target is read by its organisation's subtree and the levels above it, and by the issuer's subtree
        return (
            subtree_q("organisation__", role_org_ids(user, action))
            | Q(organisation_id__in=role_ancestor_ids(user, action))
            | subtree_q("indicator__plan__issuer__", role_org_ids(user, action))
        )

    @property
    def plan(self):
        return self.indicator.plan

    def clean(self):
        errors = {}
        if self.indicator_id and self.organisation_id:
            plan = self.indicator.plan
            org = self.organisation
            if org.parent_id != plan.issuer_id:
                errors["organisation"] = _("目标只能下达给%(issuer)s的直属下级组织，“%(org)s”不是。") % {
                    "issuer": plan.issuer.name,
                    "org": org.name,
                }
            elif not org.is_active and self._state.adding:
                errors["organisation"] = _("“%(org)s”已撤销或合并。") % {"org": org.name}
        if self.value is not None and self.value < 0:
            errors["value"] = _("目标值不能为负数。")
        if self.indicator_id:
            if self.indicator.is_rate and self.value is not None and self.value > 100:
                errors["value"] = _("比率类指标的目标值不能超过 100%。")
            if self.indicator.figure and self.measured is not None:
                errors["measured"] = _("统计指标的完成情况由系统自动计算，不能手工填写。")
        if self.measured is not None and self.measured < 0:
            errors["measured"] = _("完成值不能为负数。")
        if errors:
            raise ValidationError(errors)

    # --- progress, computed live --------------------------------------------------------------------------------
    def compute_actual(self):
        figure = self.indicator.figure_object
        if figure is None:
            return self.measured
        value = figure.compute(self.organisation, self.indicator.plan.year).value
        return None if value is None else Decimal(str(value))

    @property
    def actual(self):
        if not hasattr(self, "_actual"):
            self._actual = self.compute_actual()
        return self._actual

    @actual.setter
    def actual(self, value):
        self._actual = value

    @property
    def gap(self):
        """How far the actual is below the target (0 once met); None without an actual."""
        if self.actual is None or self.value is None:
            return None
        return max(Decimal(0), Decimal(self.value) - Decimal(self.actual))

    @property
    def state(self):
        return target_state(self.value, self.actual, self.indicator.plan.year, self.indicator.is_rate)

    def get_state_display(self):
        return TargetState(self.state).label


def year_elapsed(year, today=None):
    """The share of `year` gone by today: 0 before it starts, 1 once it is over."""
    today = today or timezone.localdate()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if today < start:
        return 0.0
    if today > end:
        return 1.0
    return ((today - start).days + 1) / ((end - start).days + 1)


def target_state(value, actual, year, is_rate, today=None):
    """met when the actual reaches the target; on track while the year runs and a count has reached the share
    of the year gone by (a rate: within 5 points of the target); behind otherwise."""
    if actual is None:
        return TargetState.UNKNOWN
    value, actual = Decimal(value), Decimal(actual)
    if actual >= value:
        return TargetState.MET
    elapsed = year_elapsed(year, today)
    if elapsed >= 1:
        return TargetState.BEHIND
    if is_rate:
        return TargetState.ON_TRACK if actual >= value - RATE_TOLERANCE else TargetState.BEHIND
    return TargetState.ON_TRACK if actual >= value * Decimal(str(elapsed)) else TargetState.BEHIND


def split_count(total, parts):
    """A count target shared evenly among `parts` children, rounded up so the shares never sum below it."""
    if not parts:
        return Decimal(0)
    return Decimal(math.ceil(Decimal(total) / parts))


class Duty(models.TextChoices):
    PERSONAL = "personal", _("亲自抓")
    SPECIFIC = "specific", _("具体抓")
    JOINT = "joint", _("合力抓")


class CoordinationGroup(PortalModel):
    """协调领导小组: the group that leads a union's 会站家 work, headed by its 第一责任人 (the union's principal
    officer), with the office that acts for it."""

    organisation = models.OneToOneField(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="coordination_group",
        verbose_name=_("所属工会"),
    )
    name = models.CharField(_("名称"), max_length=100, default=_("会站家一体化建设协调领导小组"))
    leader_name = models.CharField(_("组长（第一责任人）"), max_length=50)
    leader_post = models.CharField(_("组长职务"), max_length=100, help_text=_("一般为本级工会主要负责人。"))
    office_name = models.CharField(_("办公室"), max_length=100, blank=True, help_text=_("领导小组办公室设在何处。"))
    office_head = models.CharField(_("办公室主任"), max_length=50, blank=True)
    office_phone = models.CharField(_("办公室电话"), max_length=30, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    responsibilities = models.TextField(_("工作职责"), blank=True)

    class Meta:
        verbose_name = _("协调领导小组")
        verbose_name_plural = _("协调领导小组")
        ordering = ["organisation__tree_id", "organisation__lft"]

    def __str__(self):
        org = self.organisation.name if self.organisation_id else ""
        return f"{org} · {self.name}"

    def get_absolute_url(self):
        return model_url(CoordinationGroup, "detail", self.pk)

    def clean(self):
        errors = {}
        if self.organisation_id and self.organisation.level not in PLAN_LEVELS + (Level.TOWNSHIP,):
            errors["organisation"] = _("协调领导小组设在省、市(州)、区(市、县)或乡镇(街道)工会。")
        if self.established_on and self.established_on > timezone.localdate():
            errors["established_on"] = _("成立日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)


class GroupMember(PortalModel):
    """A member of a coordination group and their duty: 亲自抓 (the leader), 具体抓 (who runs it day to day) or
    合力抓 (the departments that join in)."""

    group = models.ForeignKey(
        CoordinationGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("协调领导小组")
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("单位及职务"), max_length=100, blank=True)
    duty = models.CharField(_("职责分工"), max_length=20, choices=Duty.choices, default=Duty.JOINT)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    scope_path = "group__organisation__"

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["group", "duty", "pk"]

    def __str__(self):
        return f"{self.name}（{self.get_duty_display()}）"

    def get_absolute_url(self):
        return self.group.get_absolute_url()


class ResourceKind(models.TextChoices):
    STAFF = "staff", _("人员")
    FUNDS = "funds", _("经费")
    VENUE = "venue", _("阵地场所")


class FundSource(models.TextChoices):
    UPPER_UNION = "upper_union", _("上级工会补助")
    OWN_FUNDS = "own_funds", _("本级工会经费")
    GOVERNMENT = "government", _("党政财政支持")
    EMPLOYER = "employer", _("单位行政支持")
    SOCIAL = "social", _("社会资助")
    OTHER = "other", _("其他")


class ResourceAllocation(PortalModel):
    """统一配置力量: staff, funds or a venue a union gives to a target, a union, a station or a home in a year.
    `organisation` is the receiving union (derived), so that totals roll up by subtree."""

    giver = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="allocations_given", verbose_name=_("配置单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    kind = models.CharField(_("类别"), max_length=20, choices=ResourceKind.choices)
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations", verbose_name=_("目标")
    )
    union = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations_received",
        verbose_name=_("受援工会"),
    )
    station = models.ForeignKey(
        "stations.ServiceStation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("职工服务站"),
    )
    home = models.ForeignKey(
        "homes.WorkersHome",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("职工之家"),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        blank=True,  # derived from the recipient in clean()
        verbose_name=_("受援单位"),
    )
    amount = models.DecimalField(
        _("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("经费来源"), max_length=20, choices=FundSource.choices, blank=True)
    staff = models.PositiveSmallIntegerField(_("人数"), null=True, blank=True)
    venue = models.CharField(_("场所"), max_length=200, blank=True, help_text=_("如“职工活动室一间”。"))
    area = models.DecimalField(
        _("面积（㎡）"), max_digits=8, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("资源配置")
        verbose_name_plural = _("资源配置")
        ordering = ["-year", "giver__tree_id", "giver__lft", "pk"]

    def __str__(self):
        what = {
            ResourceKind.FUNDS: _("经费 %(amount)s 元") % {"amount": self.amount or 0},
            ResourceKind.STAFF: _("人员 %(n)s 人") % {"n": self.staff or 0},
            ResourceKind.VENUE: self.venue,
        }.get(self.kind, "")
        recipient = self.recipient
        return f"{self.year} {recipient} · {what}" if recipient is not None else f"{self.year} {what}"

    def get_absolute_url(self):
        return model_url(ResourceAllocation, "detail", self.pk)

    @staticmethod
    def scope_q_for(user, action):
        if action == CHANGE:
            return subtree_q("giver__", role_org_ids(user, CHANGE))
        return subtree_q("giver__", role_org_ids(user, action)) | subtree_q(
            "organisation__", role_org_ids(user, action)
        )

    @property
    def recipient(self):
        return self.target or self.union or self.station or self.home

    def recipient_organisation(self):
        if self.target_id:
            return self.target.organisation
        if self.union_id:
            return self.union
        if self.station_id:
            return self.station.host
        if self.home_id:
            return self.home.organisation
        return None

    def clean(self):
        from orgs.models import Organisation

        errors = {}
        given = [name for name in ("target", "union", "station", "home") if getattr(self, f"{name}_id")]
        if len(given) != 1:
            errors["union"] = _("请选择一个配置对象：目标、受援工会、职工服务站或职工之家，只选一项。")
        else:
            recipient = self.recipient_organisation()
            self.organisation = recipient
            if (
                self.giver_id
                and not Organisation.objects.filter(subtree_q("", [self.giver_id]), pk=recipient.pk).exists()
            ):
                errors[given[0]] = _("配置对象须在%(giver)s的管辖范围内。") % {"giver": self.giver.name}
        if self.kind == ResourceKind.FUNDS:
            if not self.amount:
                errors["amount"] = _("经费须填写金额。")
            if not self.source:
                errors["source"] = _("经费须填写来源。")
        elif self.kind == ResourceKind.STAFF and not self.staff:
            errors["staff"] = _("人员须填写人数。")
        elif self.kind == ResourceKind.VENUE and not self.venue.strip():
            errors["venue"] = _("阵地场所须填写场所。")
        if self.year and not 2000 <= self.year <= timezone.localdate().year + 5:
            errors["year"] = _("年度须在 2000 年至 %(last)s 年之间。") % {"last": timezone.localdate().year + 5}
        if errors:
            raise ValidationError(errors)


for _model in (TargetPlan, PlanIndicator, Target, CoordinationGroup, GroupMember, ResourceAllocation):
    track(_model)
