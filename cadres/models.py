"""The cadre team ("选管用"): who the union's cadres are, how they were chosen and trained, how they are
appraised each year, and which grassroots unions they keep in touch with."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import track
from core.models import PortalModel
from core.text import join_list
from core.urls_helpers import model_url
from orgs.choices import Level, Status

from .choices import ContactWay, Employment, Ethnicity, Gender, Grade, Post, Selection
from .grading import grade_for
from .validators import mask_phone, normalise_phone, validate_phone


class Cadre(PortalModel):
    """A union cadre (工会干部) of a grassroots union or of a township, county or prefecture union.

    A cadre with a leave date is no longer current; the record stays for history and past appraisals."""

    # The unions a cadre is assigned to contact show the cadre on their page (core.changes).
    change_paths = ("assignments__union",)

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="cadres", verbose_name=_("所在工会")
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=10, choices=Ethnicity.choices)
    post = models.CharField(_("职务"), max_length=20, choices=Post.choices)
    employment = models.CharField(_("任职类型"), max_length=20, choices=Employment.choices)
    selection = models.CharField(_("产生方式"), max_length=20, choices=Selection.choices)
    appointed_on = models.DateField(_("任职日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True, help_text=_("填写后该干部不再计入现任干部。"))
    phone = models.CharField(
        _("联系电话"),
        max_length=30,
        blank=True,
        validators=[validate_phone],
        help_text=_("手机号或含区号的固定电话。"),
    )
    note = models.TextField(_("备注"), blank=True)

    scope_path = "organisation__"

    class Meta:
        verbose_name = _("工会干部")
        verbose_name_plural = _("工会干部")
        # In tree order, and within a union the chair first (Post's order), as officers list their teams.
        ordering = [
            "organisation__tree_id",
            "organisation__lft",
            models.Case(
                *[models.When(post=post, then=models.Value(rank)) for rank, post in enumerate(Post.values)],
                output_field=models.IntegerField(),
            ).asc(),
            "appointed_on",
            "pk",
        ]
        indexes = [models.Index(fields=["organisation", "left_on"], name="cadre_org_current")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return model_url(type(self), "detail", self.pk)

    @property
    def is_current(self):
        return self.left_on is None

    @property
    def picker_label(self):
        """How a cadre reads in a picker: several unions have a chair called 马海军."""
        return _("%(name)s（%(post)s）· %(union)s") % {
            "name": self.name,
            "post": self.get_post_display(),
            "union": self.organisation.name,
        }

    @staticmethod
    def picker_queryset(queryset, params=None):
        return (
            queryset.filter(left_on__isnull=True)
            .select_related("organisation")
            .order_by("organisation__tree_id", "organisation__lft")
        )

    @property
    def path_display(self):
        return self.organisation.name if self.organisation_id else ""

    @property
    def phone_shown(self):
        """The phone as this reader may see it: in full only when the view marked the cadre editable
        (`may_edit`, set from the reader's write scope); masked otherwise, including when nobody checked."""
        return self.phone if getattr(self, "may_edit", False) else mask_phone(self.phone)

    def clean(self):
        errors = {}
        self.name = (self.name or "").strip()
        self.phone = normalise_phone(self.phone)
        today = timezone.localdate()
        if self.appointed_on and self.appointed_on > today:
            errors["appointed_on"] = _("任职日期不能晚于今天。")
        if self.left_on and self.appointed_on and self.left_on < self.appointed_on:
            errors["left_on"] = _("离任日期不能早于任职日期。")
        if self.organisation_id:
            org = self.organisation
            if org.level == Level.PROVINCE:
                errors["organisation"] = _("省总工会的干部不在此登记，请选择基层工会或县、市(州)、乡镇工会。")
            elif org.status != Status.ACTIVE and self._state.adding:
                errors["organisation"] = _("“%(org)s”已撤销或合并，不能再登记干部。") % {"org": org.name}
            if self.post == Post.CHAIR and self.left_on is None:
                # A union has one chair at a time: the outgoing one gets a leave date first.
                other = Cadre.objects.filter(organisation_id=org.pk, post=Post.CHAIR, left_on__isnull=True)
                other = other.exclude(pk=self.pk).first()
                if other is not None:
                    errors["post"] = _("“%(org)s”已有现任主席%(name)s；请先为其填写离任日期。") % {
                        "org": org.name,
                        "name": other.name,
                    }
        if errors:
            raise ValidationError(errors)


class CadreTraining(PortalModel):
    """One training a cadre attended (培训记录)."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("干部"))
    date = models.DateField(_("培训日期"))
    course = models.CharField(_("培训内容"), max_length=200)
    organiser = models.CharField(_("举办单位"), max_length=100, blank=True)
    hours = models.DecimalField(
        _("学时"), max_digits=5, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    certificate = models.BooleanField(_("取得证书"), default=False)

    scope_path = "cadre__organisation__"

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.course}"

    def get_absolute_url(self):
        return self.cadre.get_absolute_url()

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("培训日期不能晚于今天（只登记已参加的培训）。")})


def format_score(value):
    """Scores as people write them: 17 rather than 17.0, and 17.5."""
    if value is None:
        return ""
    text = f"{Decimal(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


class AppraisalIndicator(models.Model):
    """An indicator of the yearly duty appraisal (年度履职量化考核指标), with its full marks. Administrators
    change them in the admin; an inactive indicator is kept for past appraisals but not offered for new ones."""

    name = models.CharField(_("指标名称"), max_length=50, unique=True)
    max_score = models.DecimalField(
        _("满分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["order", "pk"]

    def __str__(self):
        return _("%(name)s（%(score)s分）") % {"name": self.name, "score": format_score(self.max_score)}


def score_error(indicator, score):
    """The message for a score outside 0..full marks of its indicator, or None."""
    if indicator is None or score is None:
        return None
    if score < 0:
        return _("“%(name)s”的得分不能为负数。") % {"name": indicator.name}
    if score > indicator.max_score:
        return _("“%(name)s”得分 %(score)s 超过该项满分 %(max)s 分。") % {
            "name": indicator.name,
            "score": format_score(score),
            "max": format_score(indicator.max_score),
        }
    return None


class CadreAppraisal(PortalModel):
    """A cadre's yearly quantified duty appraisal (年度履职量化考核): scores per indicator, their total and
    the grade the total earns (cadres.grading), unless the grade is overridden with a reason."""

    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("干部"))
    year = models.PositiveSmallIntegerField(
        _("考核年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=1, default=Decimal("0"), editable=False)
    grade = models.CharField(_("考核等次"), max_length=20, choices=Grade.choices, blank=True, editable=False)
    grade_override = models.CharField(
        _("调整等次"),
        max_length=20,
        choices=Grade.choices,
        blank=True,
        help_text=_("一般留空，由总分自动评定；确需调整时选择等次并填写理由。"),
    )
    override_reason = models.CharField(_("调整理由"), max_length=200, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("考核人"),
    )
    appraised_on = models.DateField(_("考核日期"))
    comment = models.TextField(_("考核评语"), blank=True)

    scope_path = "cadre__organisation__"

    class Meta:
        verbose_name = _("履职考核")
        verbose_name_plural = _("履职考核")
        ordering = ["-year", "cadre_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"],
                name="appraisal_one_per_cadre_year",
                violation_error_message=_("该干部本年度已有考核记录，每名干部每年只考核一次。"),
            )
        ]

    def __str__(self):
        name = self.cadre.name if self.cadre_id else "—"
        return _("%(name)s %(year)s年度考核") % {"name": name, "year": self.year}

    def get_absolute_url(self):
        return model_url(type(self), "detail", self.pk)

    def score_pairs(self, scores=None):
        """(indicator, score) pairs: `scores` when given (those a write brings along), else the stored ones."""
        if scores is not None:
            return list(scores)
        if not self.pk:
            return []
        return [(s.indicator, s.score) for s in self.scores.select_related("indicator")]

    def compute(self, scores=None):
        pairs = self.score_pairs(scores)
        self.total = sum((score for _i, score in pairs if score is not None), Decimal("0"))
        full = sum((indicator.max_score for indicator, _s in pairs), Decimal("0"))
        self.grade = self.grade_override or grade_for(self.total, full)

    def clean(self):
        """An appraisal written alone: total and grade from its stored scores."""
        self.clean_with(scores=None)

    def clean_with(self, scores):
        """Every rule of the appraisal, with `scores` ([(indicator, score)]) the scores written with it (checked
        against their indicators and one another) or None for the stored ones; total and grade derived."""
        errors = {}
        today = timezone.localdate()
        if self.year and self.year > today.year:
            errors["year"] = _("考核年度不能晚于今年。")
        if self.appraised_on and self.appraised_on > today:
            errors["appraised_on"] = _("考核日期不能晚于今天。")
        if self.appraised_on and self.year and self.appraised_on.year < self.year:
            errors["appraised_on"] = _("考核日期不能早于所考核的年度。")
        if self.cadre_id and self.year and self.cadre.appointed_on and self.year < self.cadre.appointed_on.year:
            errors["year"] = _("%(name)s于%(date)s任职，不能考核此前的年度。") % {
                "name": self.cadre.name,
                "date": f"{self.cadre.appointed_on:%Y-%m-%d}",
            }
        if self.cadre_id and self.year:
            clash = CadreAppraisal.objects.filter(cadre_id=self.cadre_id, year=self.year).exclude(pk=self.pk)
            if clash.exists():
                errors["year"] = _("%(name)s %(year)s年度已有考核记录，每名干部每年只考核一次。") % {
                    "name": self.cadre.name,
                    "year": self.year,
                }
        if self.grade_override and not (self.override_reason or "").strip():
            errors["override_reason"] = _("调整考核等次时须填写理由。")
        if not self.grade_override and self.override_reason:
            self.override_reason = ""
        if scores is not None:
            scores = list(scores)
            messages = []
            seen = set()
            for indicator, score in scores:
                if indicator.pk in seen:
                    messages.append(_("“%(name)s”重复填写了得分。") % {"name": indicator.name})
                seen.add(indicator.pk)
                message = score_error(indicator, score)
                if message:
                    # Keyed by indicator, so that an import reports it on that indicator's column.
                    errors[f"score_{indicator.pk}"] = message
            missing = [i.name for i in AppraisalIndicator.objects.filter(active=True).exclude(pk__in=seen)]
            if missing:
                messages.append(_("请填写全部考核指标的得分，缺少：%(names)s。") % {"names": join_list(missing)})
            if messages:
                errors["__all__"] = messages
        if errors:
            raise ValidationError(errors)
        self.compute(scores)

    def validate_constraints(self, exclude=None):
        # The one-per-year rule is checked in clean() with the cadre's name in the message.
        exclude = set(exclude or ()) | {"cadre", "year"}
        super().validate_constraints(exclude=exclude)

    @property
    def grade_is_overridden(self):
        return bool(self.grade_override)


class AppraisalScore(PortalModel):
    """The score of one appraisal against one indicator, at most the indicator's full marks."""

    appraisal = models.ForeignKey(
        CadreAppraisal, on_delete=models.CASCADE, related_name="scores", verbose_name=_("考核记录")
    )
    indicator = models.ForeignKey(
        AppraisalIndicator, on_delete=models.PROTECT, related_name="scores", verbose_name=_("考核指标")
    )
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)

    scope_path = "appraisal__cadre__organisation__"

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("各项指标得分")
        ordering = ["indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "indicator"],
                name="appraisal_score_unique_indicator",
                violation_error_message=_("同一考核中每个指标只能填写一次得分。"),
            )
        ]

    def __str__(self):
        return f"{self.indicator.name} {format_score(self.score)}"

    def get_absolute_url(self):
        return self.appraisal.get_absolute_url()

    def clean(self):
        message = score_error(self.indicator if self.indicator_id else None, self.score)
        if message:
            raise ValidationError({"score": message})


class ContactAssignment(PortalModel):
    """A cadre's duty to keep in touch with a grassroots union (联系服务职工), from a start date, open-ended
    or until an end date. The union lies in the subtree of the cadre's own union."""

    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("联系干部"))
    union = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="contact_assignments",
        verbose_name=_("联系的基层工会"),
    )
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_path = "cadre__organisation__"

    class Meta:
        verbose_name = _("联系安排")
        verbose_name_plural = _("联系安排")
        ordering = ["cadre_id", "-start_on", "pk"]

    def __str__(self):
        cadre = self.cadre.name if self.cadre_id else "—"
        union = self.union.name if self.union_id else "—"
        return _("%(cadre)s 联系 %(union)s") % {"cadre": cadre, "union": union}

    def get_absolute_url(self):
        return model_url(type(self), "detail", self.pk)

    def covers(self, day):
        return self.start_on <= day and (self.end_on is None or self.end_on >= day)

    def clean(self):
        errors = {}
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("结束日期不能早于开始日期。")
        if self.cadre_id and self.union_id:
            cadre, union = self.cadre, self.union
            home = cadre.organisation
            if union.level != Level.GRASSROOTS:
                errors["union"] = _("只能安排联系基层工会，“%(union)s”是%(level)s。") % {
                    "union": union.name,
                    "level": union.get_level_display(),
                }
            elif not home.covers(union):
                errors["union"] = _("“%(union)s”不在%(cadre)s所在的“%(home)s”管辖范围内，不能安排其联系。") % {
                    "union": union.name,
                    "cadre": cadre.name,
                    "home": home.name,
                }
            if cadre.left_on and (self.end_on is None or self.end_on > cadre.left_on):
                errors["end_on"] = _("%(name)s已于%(date)s离任，联系安排须在离任日前结束。") % {
                    "name": cadre.name,
                    "date": f"{cadre.left_on:%Y-%m-%d}",
                }
            if self.start_on:
                overlap = ContactAssignment.objects.filter(cadre_id=self.cadre_id, union_id=self.union_id).filter(
                    Q(end_on__isnull=True) | Q(end_on__gte=self.start_on)
                )
                if self.end_on:
                    overlap = overlap.filter(start_on__lte=self.end_on)
                if overlap.exclude(pk=self.pk).exists():
                    errors["union"] = _("%(cadre)s在这段时间已负责联系“%(union)s”，请勿重复安排。") % {
                        "cadre": cadre.name,
                        "union": union.name,
                    }
        if errors:
            raise ValidationError(errors)


class ContactLog(PortalModel):
    """One contact a cadre made with a union they are assigned to (联系服务职工台账)."""

    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="contact_logs", verbose_name=_("干部"))
    union = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="contact_logs", verbose_name=_("联系的基层工会")
    )
    date = models.DateField(_("联系日期"))
    way = models.CharField(_("联系方式"), max_length=20, choices=ContactWay.choices)
    workers_reached = models.PositiveIntegerField(_("联系职工人数"), default=0)
    issues = models.TextField(_("职工反映的问题"), blank=True)
    follow_up = models.TextField(_("跟进处理情况"), blank=True)

    scope_path = "cadre__organisation__"

    class Meta:
        verbose_name = _("联系服务记录")
        verbose_name_plural = _("联系服务记录")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["union", "date"], name="contactlog_union_date")]

    def __str__(self):
        cadre = self.cadre.name if self.cadre_id else "—"
        union = self.union.name if self.union_id else "—"
        day = f"{self.date:%Y-%m-%d}" if self.date else ""
        return f"{day} {cadre} → {union}"

    def get_absolute_url(self):
        return model_url(type(self), "detail", self.pk)

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("联系日期不能晚于今天。")
        if self.cadre_id and self.union_id and self.date and "date" not in errors:
            assigned = ContactAssignment.objects.filter(
                cadre_id=self.cadre_id, union_id=self.union_id, start_on__lte=self.date
            ).filter(Q(end_on__isnull=True) | Q(end_on__gte=self.date))
            if not assigned.exists():
                errors["union"] = _(
                    "%(cadre)s在%(date)s没有负责联系“%(union)s”的安排，不能登记这次联系。"
                    "请先在“联系安排”中为其安排该工会，或核对联系日期。"
                ) % {"cadre": self.cadre.name, "union": self.union.name, "date": f"{self.date:%Y-%m-%d}"}
        if errors:
            raise ValidationError(errors)


for _model in (Cadre, CadreTraining, CadreAppraisal, AppraisalScore, ContactAssignment, ContactLog):
    track(_model, excluded_fields=["updated"])
track(AppraisalIndicator)
