"""统一检查指导 and 统一考核验收: versioned rubrics, acceptance reports scored against them, inspections with
findings and rectification items.

Write scope here does not follow the tree alone: an inspector reads a subtree but writes only what is assigned
to them, so these models define `scope_q_for(user, action)` (core.scope) instead of a bare `scope_path`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.history import track
from core.models import Attachment, PortalModel
from core.scope import CHANGE, VIEW, RestrictedQuerySet, role_org_ids, subtree_q
from core.urls_helpers import model_url

from ..acceptance_choices import (
    RECTIFICATION_PENDING,
    REGION_CLASSES,
    InspectionState,
    ItemGroup,
    RectificationStatus,
    ReportState,
)

SCORE = {"max_digits": 5, "decimal_places": 1}


def assigned_q(user, through_model, own_field, path):
    """Rows assigned to `user` (through an inspectors M2M) that also lie in their read scope: an assignment
    outside what the inspector may read grants nothing."""
    ids = through_model.objects.filter(user=user).values(own_field)
    return Q(pk__in=ids) & subtree_q(path, role_org_ids(user, VIEW))


# --- rubrics ----------------------------------------------------------------------------------------------------
class Rubric(PortalModel):
    """考核验收标准: a named, versioned scoring sheet. Once any report uses a version it is frozen; a change
    makes the next version (services.rubric_new_version)."""

    owner = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="rubrics", verbose_name=_("制定单位")
    )
    name = models.CharField(_("名称"), max_length=100)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, verbose_name=_("上一版本")
    )
    description = models.TextField(_("说明"), blank=True)
    deduction_points = models.DecimalField(
        _("抽查不合格每项扣分"), default=Decimal("1"), validators=[MinValueValidator(0)], **SCORE
    )
    deduction_cap = models.DecimalField(
        _("抽查扣分上限"), default=Decimal("4"), validators=[MinValueValidator(0)], **SCORE
    )

    scope_path = "owner__"

    class Meta:
        verbose_name = _("考核验收标准")
        verbose_name_plural = _("考核验收标准")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"],
                name="rubric_name_version_unique",
                violation_error_message=_("同名标准已有这个版本号。"),
            )
        ]

    def __str__(self):
        return gettext("%(name)s（第%(v)d版）") % {"name": self.name, "v": self.version}

    def get_absolute_url(self):
        return model_url(Rubric, "detail", self.pk)

    @staticmethod
    def scope_q_for(user, action):
        # Everyone with a role reads the standards they are scored on; only the issuing level changes them.
        if action == VIEW:
            return Q() if role_org_ids(user, VIEW) else Q(pk__in=[])
        return subtree_q("owner__", role_org_ids(user, CHANGE))

    @property
    def is_frozen(self):
        return self.pk is not None and self.reports.exists()

    def read_only_reason(self, user):
        if self.is_frozen:
            return gettext("该标准已被验收报告使用，已冻结；如需修改请生成新版本。")
        return None

    def max_total(self):
        return sum((i.max_score for i in self.items.all() if not i.is_bonus), Decimal("0"))

    def grade_for(self, total, gate_failed):
        bands = sorted(self.bands.all(), key=lambda b: b.min_score, reverse=True)
        if not bands:
            return ""
        if gate_failed:
            return bands[-1].name
        for band in bands:
            if total >= band.min_score:
                return band.name
        return bands[-1].name


def frozen_errors(rubric):
    if rubric is not None and rubric.is_frozen:
        return {"__all__": gettext("该标准已被验收报告使用，已冻结；如需修改请生成新版本。")}
    return {}


class RubricItem(PortalModel):
    """One line of a rubric: 验收标准 with its points (应得分); a gate (必备) fails the report whatever the total,
    a bonus item (加分项) counts beyond 100; thresholds may be tiered by region class (分类指导)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items", verbose_name=_("标准"))
    group = models.CharField(_("类别"), max_length=20, choices=ItemGroup.choices)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    text = models.TextField(_("验收标准"))
    max_score = models.DecimalField(_("应得分"), validators=[MinValueValidator(Decimal("0.5"))], **SCORE)
    evidence_required = models.BooleanField(_("须附佐证材料"), default=False)
    is_gate = models.BooleanField(_("必备项"), default=False, help_text=_("必备项未得满分，验收即为不合格。"))
    is_bonus = models.BooleanField(_("加分项"), default=False)
    figure_key = models.CharField(_("关联指标"), max_length=50, blank=True)
    thresholds = models.JSONField(
        _("分类达标线"), default=dict, blank=True, help_text=_('按地区类别的达标线，如 {"1": 95, "2": 90, "3": 85}。')
    )

    scope_path = "rubric__owner__"

    class Meta:
        verbose_name = _("验收标准条目")
        verbose_name_plural = _("验收标准条目")
        ordering = ["rubric", "order", "pk"]

    def __str__(self):
        return f"{self.order}. {self.text[:40]}"

    def get_absolute_url(self):
        return self.rubric.get_absolute_url()

    @staticmethod
    def scope_q_for(user, action):
        if action == VIEW:
            return Q() if role_org_ids(user, VIEW) else Q(pk__in=[])
        return subtree_q("rubric__owner__", role_org_ids(user, CHANGE))

    def threshold_for(self, region_class):
        if not self.thresholds:
            return None
        return self.thresholds.get(str(region_class or "")) if region_class else None

    def thresholds_display(self):
        labels = dict(REGION_CLASSES)
        return "，".join(f"{labels.get(k, k)} ≥ {v}" for k, v in sorted(self.thresholds.items()) if k in labels)

    def clean(self):
        errors = frozen_errors(self.rubric if self.rubric_id else None)
        if self.is_gate and self.is_bonus:
            errors["is_bonus"] = gettext("加分项不能同时是必备项。")
        if self.thresholds:
            valid = dict(REGION_CLASSES)
            if not isinstance(self.thresholds, dict) or any(k not in valid for k in self.thresholds):
                errors["thresholds"] = gettext("分类达标线的键只能是 1、2、3（一、二、三类地区）。")
            elif any(not isinstance(v, int | float) for v in self.thresholds.values()):
                errors["thresholds"] = gettext("分类达标线的值须是数字。")
        if self.figure_key:
            from ..acceptance_figures import figure_or_none

            if figure_or_none(self.figure_key) is None:
                errors["figure_key"] = gettext("没有这个指标：%(key)s。") % {"key": self.figure_key}
        if errors:
            raise ValidationError(errors)


class GradeBand(PortalModel):
    """A grade and the lowest total that earns it (优秀 ≥ 90 …); the band with the lowest bar is also the grade of a
    report that fails a gate."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="bands", verbose_name=_("标准"))
    name = models.CharField(_("等次"), max_length=20)
    min_score = models.DecimalField(_("最低分"), validators=[MinValueValidator(0)], **SCORE)

    scope_path = "rubric__owner__"

    class Meta:
        verbose_name = _("等次")
        verbose_name_plural = _("等次")
        ordering = ["rubric", "-min_score"]

    def __str__(self):
        return f"{self.name} ≥ {self.min_score}"

    scope_q_for = RubricItem.scope_q_for

    def clean(self):
        errors = frozen_errors(self.rubric if self.rubric_id else None)
        if errors:
            raise ValidationError(errors)


# --- inspections --------------------------------------------------------------------------------------------------
class InspectionPlan(PortalModel):
    """检查计划: a union's plan to inspect unions of its subtree in a year, against a rubric, within a period."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="inspection_plans", verbose_name=_("组织单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    name = models.CharField(_("名称"), max_length=100)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="plans", verbose_name=_("验收标准"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("检查计划")
        verbose_name_plural = _("检查计划")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return model_url(InspectionPlan, "detail", self.pk)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": gettext("结束日期不能早于开始日期。")})


class Inspection(PortalModel):
    """一次检查: a named union inspected under a plan, by one or more assigned inspectors."""

    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("检查计划")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="inspections", verbose_name=_("被检查单位")
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspections", blank=True, verbose_name=_("检查人员")
    )
    visit_on = models.DateField(_("检查日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=InspectionState.choices, default=InspectionState.PLANNED)
    note = models.TextField(_("检查情况"), blank=True)

    class Meta:
        verbose_name = _("检查")
        verbose_name_plural = _("检查")
        ordering = ["-plan__year", "organisation__tree_id", "organisation__lft"]

    def __str__(self):
        name = self.organisation.name if self.organisation_id else ""
        return gettext("%(org)s · %(plan)s") % {"org": name, "plan": self.plan.name if self.plan_id else ""}

    def get_absolute_url(self):
        return model_url(Inspection, "detail", self.pk)

    @staticmethod
    def scope_q_for(user, action):
        if action == VIEW:
            return subtree_q("organisation__", role_org_ids(user, VIEW))
        # The level that runs the plan manages its inspections; an inspector only those assigned to them.
        return subtree_q("plan__organisation__", role_org_ids(user, CHANGE)) | assigned_q(
            user, Inspection.inspectors.through, "inspection_id", "organisation__"
        )

    @staticmethod
    def assigned_to(user):
        """Inspections assigned to `user` inside their read scope (all of them for a superuser)."""
        from core.scope import is_unrestricted

        if is_unrestricted(user):
            return Inspection.objects.all()
        return Inspection.objects.filter(
            assigned_q(user, Inspection.inspectors.through, "inspection_id", "organisation__")
        )

    def clean(self):
        errors = {}
        if self.plan_id and self.organisation_id:
            plan_org = self.plan.organisation
            org = self.organisation
            if not plan_org.covers(org):
                errors["organisation"] = gettext("被检查单位须在%(plan)s的组织单位（%(org)s）范围内。") % {
                    "plan": self.plan.name,
                    "org": plan_org.name,
                }
        if errors:
            raise ValidationError(errors)


def is_assigned(user, obj):
    """Whether `user` is among the inspectors of `obj` (an inspection or a report) and may read it."""
    from core.scope import can, is_unrestricted

    if is_unrestricted(user):
        return True
    return obj.inspectors.filter(pk=user.pk).exists() and can(user, obj, VIEW)


def inspector_may_add(user):
    """Findings and rectifications are added by inspectors (the form offers only what is assigned to them)."""
    from core.scope import is_unrestricted
    from orgs.choices import RoleKind

    if is_unrestricted(user):
        return True
    return user.roles.filter(kind=RoleKind.INSPECTOR).exists() or Inspection.assigned_to(user).exists()


class Finding(PortalModel):
    """检查发现: what an inspector found on site, optionally against a rubric item, with photos."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="findings", verbose_name=_("检查")
    )
    item = models.ForeignKey(
        RubricItem, on_delete=models.PROTECT, null=True, blank=True, related_name="findings", verbose_name=_("对应条目")
    )
    text = models.TextField(_("发现的问题"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("记录人"),
    )  # fmt: skip

    scope_path = "inspection__organisation__"

    class Meta:
        verbose_name = _("检查发现")
        verbose_name_plural = _("检查发现")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.text[:40]

    def get_absolute_url(self):
        return model_url(Finding, "detail", self.pk)

    @staticmethod
    def scope_q_for(user, action):
        if action == VIEW:
            return subtree_q("inspection__organisation__", role_org_ids(user, VIEW))
        ids = Inspection.inspectors.through.objects.filter(user=user).values("inspection_id")
        return Q(inspection__in=ids) & subtree_q("inspection__organisation__", role_org_ids(user, VIEW))

    @staticmethod
    def may_add(user):
        return inspector_may_add(user)

    def clean(self):
        if self.item_id and self.inspection_id and self.item.rubric_id != self.inspection.plan.rubric_id:
            raise ValidationError({"item": gettext("该条目不属于本次检查所用的验收标准。")})


class FindingPhoto(Attachment):
    """A photo taken on site for a finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="photos", verbose_name=_("检查发现"))
    scope_path = "finding__inspection__organisation__"

    class Meta(Attachment.Meta):
        verbose_name = _("检查照片")
        verbose_name_plural = _("检查照片")

    @staticmethod
    def scope_q_for(user, action):
        # A photo follows its finding.
        return Q(finding__in=Finding.objects.filter(Finding.scope_q_for(user, action)).values("pk"))


class RectificationQuerySet(RestrictedQuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=RECTIFICATION_PENDING, deadline__lt=today)

    def pending(self):
        return self.filter(status__in=RECTIFICATION_PENDING)


class Rectification(PortalModel):
    """整改事项: what must change after a finding, who answers for it and by when. The union marks it done with
    evidence; the assigned inspector verifies it or reopens it."""

    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="rectifications", verbose_name=_("检查发现")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="rectifications", editable=False,
        verbose_name=_("整改单位"),
    )  # fmt: skip
    requirement = models.TextField(_("整改要求"))
    responsible = models.CharField(_("责任人"), max_length=50)
    deadline = models.DateField(_("整改期限"))
    status = models.CharField(
        _("状态"), max_length=20, choices=RectificationStatus.choices, default=RectificationStatus.OPEN, editable=False
    )
    answer = models.TextField(_("整改情况"), blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("整改填报人"),
    )  # fmt: skip
    answered_at = models.DateTimeField(_("整改填报时间"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("核查人"),
    )  # fmt: skip
    verified_at = models.DateTimeField(_("核查时间"), null=True, blank=True, editable=False)
    verify_note = models.TextField(_("核查意见"), blank=True, editable=False)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.requirement[:40]

    def get_absolute_url(self):
        return model_url(Rectification, "detail", self.pk)

    @property
    def overdue(self):
        return self.status in RECTIFICATION_PENDING and self.deadline < timezone.localdate()

    @staticmethod
    def scope_q_for(user, action):
        if action == VIEW:
            return subtree_q("organisation__", role_org_ids(user, VIEW))
        # The union side answers; the inspectors of the inspection set, verify and reopen.
        ids = Inspection.inspectors.through.objects.filter(user=user).values("inspection_id")
        return subtree_q("organisation__", role_org_ids(user, CHANGE)) | (
            Q(finding__inspection__in=ids) & subtree_q("organisation__", role_org_ids(user, VIEW))
        )

    @staticmethod
    def may_add(user):
        return inspector_may_add(user)

    def save(self, *args, **kwargs):
        if self.finding_id and not self.organisation_id:
            self.organisation_id = self.finding.inspection.organisation_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.finding_id and not self.organisation_id:
            self.organisation_id = self.finding.inspection.organisation_id


class RectificationEvidence(Attachment):
    """Evidence the union attaches when it reports a rectification done."""

    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("整改事项")
    )
    scope_path = "rectification__organisation__"

    class Meta(Attachment.Meta):
        verbose_name = _("整改佐证")
        verbose_name_plural = _("整改佐证")


# --- acceptance reports -------------------------------------------------------------------------------------------
class AcceptanceReport(PortalModel):
    """考核验收报告: one union's year on one rubric version. The union side self-assesses (自评分), the assigned
    inspector scores (验收分), an officer above the self-assessor accepts or returns it; accepted is locked."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="acceptance_reports", verbose_name=_("被验收单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="reports", verbose_name=_("验收标准"))
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports", verbose_name=_("检查")
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="acceptance_reports", blank=True, verbose_name=_("验收人员")
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT, editable=False
    )
    spot_check_failures = models.PositiveSmallIntegerField(
        _("抽查不合格项数"), default=0, editable=False, help_text=_("每项按标准扣分，扣分有上限。")
    )
    self_total = models.DecimalField(_("自评总分"), null=True, blank=True, editable=False, **SCORE)
    accepted_total = models.DecimalField(_("验收总分"), null=True, blank=True, editable=False, **SCORE)
    gate_failed = models.BooleanField(_("必备项未达标"), default=False, editable=False)
    grade = models.CharField(_("等次"), max_length=20, blank=True, editable=False)
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("自评人"),
    )  # fmt: skip
    self_assessor_org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("自评单位"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True, editable=False)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("评分人"),
    )  # fmt: skip
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("验收人"),
    )  # fmt: skip
    decided_org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("验收单位"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("验收时间"), null=True, blank=True, editable=False)
    comment = models.TextField(_("意见"), blank=True, editable=False)

    class Meta:
        verbose_name = _("考核验收报告")
        verbose_name_plural = _("考核验收报告")
        ordering = ["-year", "organisation__tree_id", "organisation__lft"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "rubric"],
                name="one_acceptance_report_per_union_year_rubric",
                violation_error_message=_("该单位本年度已有按这个标准的验收报告。"),
            )
        ]

    def __str__(self):
        name = self.organisation.name if self.organisation_id else ""
        return gettext("%(name)s %(year)s年度考核验收") % {"name": name, "year": self.year}

    def get_absolute_url(self):
        return model_url(AcceptanceReport, "detail", self.pk)

    @staticmethod
    def scope_q_for(user, action):
        if action == VIEW:
            return subtree_q("organisation__", role_org_ids(user, VIEW))
        q = subtree_q("organisation__", role_org_ids(user, CHANGE)) | assigned_q(
            user, AcceptanceReport.inspectors.through, "acceptancereport_id", "organisation__"
        )
        # Accepted reports are locked at every door; reopening is an action of its own.
        return q & ~Q(state=ReportState.ACCEPTED)

    @property
    def is_locked(self):
        return self.state == ReportState.ACCEPTED

    def locked_message(self):
        when = timezone.localtime(self.decided_at).strftime("%Y-%m-%d") if self.decided_at else ""
        return gettext("该验收报告已于%(when)s验收通过并锁定；如需修改，须由验收单位重新打开。") % {"when": when}

    def read_only_reason(self, user):
        return self.locked_message() if self.is_locked else None

    @property
    def self_editable(self):
        from ..acceptance_choices import SELF_EDITABLE

        return self.state in SELF_EDITABLE

    def clean(self):
        errors = {}
        if self.organisation_id and self.year and self.year > timezone.localdate().year + 1:
            errors["year"] = gettext("年度不能晚于明年。")
        if errors:
            raise ValidationError(errors)


class ReportItem(PortalModel):
    """One line of a report's sheet: the union's 自评分 and note, the inspector's 验收分 and note."""

    report = models.ForeignKey(AcceptanceReport, on_delete=models.CASCADE, related_name="items", verbose_name=_("报告"))
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("条目"))
    self_score = models.DecimalField(_("自评分"), null=True, blank=True, **SCORE)
    accepted_score = models.DecimalField(_("验收分"), null=True, blank=True, **SCORE)
    note = models.TextField(_("工作情况说明"), blank=True)
    inspector_note = models.TextField(_("验收意见"), blank=True)
    spot_check_failed = models.BooleanField(_("抽查不合格"), default=False)

    scope_path = "report__organisation__"

    class Meta:
        verbose_name = _("验收评分")
        verbose_name_plural = _("验收评分")
        ordering = ["item__order", "item__pk"]
        constraints = [models.UniqueConstraint(fields=["report", "item"], name="one_score_row_per_report_item")]

    def __str__(self):
        return str(self.item)

    def get_absolute_url(self):
        return self.report.get_absolute_url()

    @staticmethod
    def scope_q_for(user, action):
        return Q(report__in=AcceptanceReport.objects.filter(AcceptanceReport.scope_q_for(user, action)).values("pk"))

    def read_only_reason(self, user):
        return self.report.read_only_reason(user)

    def clean(self):
        errors = {}
        if self.item_id and self.report_id and self.item.rubric_id != self.report.rubric_id:
            errors["item"] = gettext("该条目不属于本报告所用的验收标准。")
        for field in ("self_score", "accepted_score"):
            value = getattr(self, field)
            if value is not None and self.item_id:
                if value < 0:
                    errors[field] = gettext("分数不能小于 0。")
                elif value > self.item.max_score:
                    errors[field] = gettext("分数不能超过该条目的应得分（%(max)s 分）。") % {
                        "max": self.item.max_score.normalize()
                    }
        if errors:
            raise ValidationError(errors)


class ReportEvidence(Attachment):
    """Evidence the union attaches to a line of its self-assessment."""

    row = models.ForeignKey(ReportItem, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("评分行"))
    scope_path = "row__report__organisation__"

    class Meta(Attachment.Meta):
        verbose_name = _("验收佐证")
        verbose_name_plural = _("验收佐证")

    @staticmethod
    def scope_q_for(user, action):
        if action == VIEW:
            return subtree_q("row__report__organisation__", role_org_ids(user, VIEW))
        return Q(row__in=ReportItem.objects.filter(ReportItem.scope_q_for(user, action)).values("pk"))


for _model in (
    Rubric, RubricItem, GradeBand, InspectionPlan, Inspection, Finding, FindingPhoto, Rectification,
    RectificationEvidence, AcceptanceReport, ReportItem, ReportEvidence,
):  # fmt: skip
    track(_model)
