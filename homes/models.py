"""家: workers' homes (职工之家), their facilities and the six functions of "六位一体"."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import track
from core.models import Attachment, Located, PortalModel
from core.text import join_list
from core.urls_helpers import model_url

from .choices import (
    BOOKROOM_VOLUME_THRESHOLD,
    FUNCTION_CODES,
    HOME_LEVELS,
    SATISFACTION_BAR,
    FacilityKind,
    Function,
    HomeStatus,
    HonourLevel,
    HonourTitle,
)

FIRST_YEAR = 1978  # honours and ratings before the unions' restoration are not plausible entries


def this_year():
    return timezone.localdate().year


def bookroom_checklist(home):
    """(met, label) for each item of the ACFTU 职工书屋 standard (DOMAIN.md)."""
    return [
        (home.bookroom_sign, _("标牌")),
        (home.bookroom_dedicated, _("专用场所")),
        (home.bookroom_shelves, _("书架")),
        (home.bookroom_computer, _("联网电脑")),
        ((home.book_volumes or 0) >= BOOKROOM_VOLUME_THRESHOLD, _("藏书不少于 3000 册")),
        (home.digital_reading and bool(home.digital_platform.strip()), _("正版数字阅读平台")),
        (bool(home.bookroom_keeper.strip()), _("管理员")),
        (bool(home.lending_rules.strip()), _("借阅制度")),
    ]


class WorkersHome(Located, PortalModel):
    """A union's 职工之家: the place (or set of rooms) where it serves its members.

    One home per union: the rules, the standard and the ratings are the union's, so a second home would split
    them; the constraint says so at every door."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="workers_homes", verbose_name=_("所属工会")
    )
    name = models.CharField(_("名称"), max_length=100)
    status = models.CharField(_("状态"), max_length=20, choices=HomeStatus.choices, default=HomeStatus.IN_USE)
    status_date = models.DateField(
        _("状态日期"), null=True, blank=True, help_text=_("使用中填启用日期，建设中填开工日期，已停用填停用日期。")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # 职工书屋 details: kept on the home (a home has at most one bookroom) and shown when it has one.
    book_volumes = models.PositiveIntegerField(
        _("书屋藏书（册）"), null=True, blank=True, help_text=_("职工书屋标准为不少于 3000 册。")
    )
    digital_reading = models.BooleanField(_("有数字阅读平台"), default=False)
    digital_platform = models.CharField(_("数字阅读平台名称"), max_length=100, blank=True)
    lending_rules = models.TextField(_("借阅制度"), blank=True)
    bookroom_keeper = models.CharField(_("书屋管理员"), max_length=50, blank=True)
    bookroom_sign = models.BooleanField(_("书屋有标牌"), default=False)
    bookroom_dedicated = models.BooleanField(_("书屋有专用场所"), default=False)
    bookroom_shelves = models.BooleanField(_("书屋有书架"), default=False)
    bookroom_computer = models.BooleanField(_("书屋有联网电脑"), default=False)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("职工之家")
        verbose_name_plural = _("职工之家")
        ordering = ["organisation__tree_id", "organisation__lft", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="home_one_per_organisation",
                violation_error_message=_("该工会已有职工之家，请在原记录上修改，不要重复登记。"),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return model_url(type(self), "detail", self.pk)

    def clean(self):
        errors = {}
        org = getattr(self, "organisation", None) if self.organisation_id else None
        if org is not None:
            if org.level not in HOME_LEVELS:
                errors["organisation"] = _(
                    "职工之家只能登记在基层工会、乡镇(街道)工会或县级总工会名下，“%(org)s”是%(level)s。"
                ) % {
                    "org": org.name,
                    "level": org.get_level_display(),
                }
            elif self._state.adding and not org.is_active:
                errors["organisation"] = _("“%(org)s”已撤销或合并，不能新建职工之家。") % {"org": org.name}
        if self.status_date and self.status_date > timezone.localdate():
            errors["status_date"] = _("状态日期不能晚于今天。")
        if self.status == HomeStatus.CLOSED and not self.status_date:
            errors["status_date"] = _("已停用的职工之家须填写停用日期。")
        if self.digital_reading and not self.digital_platform.strip():
            errors["digital_platform"] = _("选择了有数字阅读平台，请填写平台名称。")
        errors.update(self.coordinate_errors())
        if errors:
            raise ValidationError(errors)

    # --- the six functions ----------------------------------------------------------------------------------
    def loaded_facilities(self):
        """Facilities from a prefetch when there is one (lists), else one query."""
        return list(self.facilities.all())

    def function_coverage(self):
        """[(code, label, [facilities providing it])] for the six functions, in the policy's order."""
        facilities = self.loaded_facilities()
        return [(code, label, [f for f in facilities if getattr(f, code)]) for code, label in Function.choices]

    def missing_functions(self):
        return [label for _code, label, providers in self.function_coverage() if not providers]

    @property
    def meets_standard(self):
        """六位一体: every one of the six functions is provided by at least one facility."""
        return not self.missing_functions()

    def missing_display(self):
        return join_list(self.missing_functions())

    def total_area(self):
        return sum((f.area or Decimal(0)) for f in self.loaded_facilities())

    # --- 职工书屋 ---------------------------------------------------------------------------------------------
    def bookroom(self):
        return next((f for f in self.loaded_facilities() if f.kind == FacilityKind.BOOKROOM), None)

    def bookroom_missing(self):
        """The items of the ACFTU 职工书屋 standard this home lacks (all of them count, not the volumes alone)."""
        return [str(label) for ok, label in bookroom_checklist(self) if not ok]

    @property
    def bookroom_meets_standard(self):
        return self.bookroom() is not None and not self.bookroom_missing()

    @property
    def volumes_met(self):
        """None when the count is unknown; else whether it reaches the 3,000-volume threshold."""
        if self.book_volumes is None:
            return None
        return self.book_volumes >= BOOKROOM_VOLUME_THRESHOLD


class Facility(PortalModel):
    """One room or place of a home (阵地). Which of the six functions it provides is kept as six flags, so
    that "homes missing 咨询" and the standard are plain filters; several flags on one room is 一室多用."""

    home = models.ForeignKey(
        WorkersHome, on_delete=models.CASCADE, related_name="facilities", verbose_name=_("职工之家")
    )
    kind = models.CharField(_("阵地类型"), max_length=20, choices=FacilityKind.choices)
    name = models.CharField(_("名称"), max_length=100, blank=True, help_text=_("类型为“其他”时须填写。"))
    area = models.DecimalField(
        _("面积（㎡）"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100000"))],
    )
    office = models.BooleanField(_("办公"), default=False)
    study = models.BooleanField(_("学习"), default=False)
    education = models.BooleanField(_("教育"), default=False)
    service = models.BooleanField(_("服务"), default=False)
    consultation = models.BooleanField(_("咨询"), default=False)
    activity = models.BooleanField(_("活动"), default=False)

    scope_path = "home__organisation__"

    class Meta:
        verbose_name = _("阵地")
        verbose_name_plural = _("阵地")
        ordering = ["home", "pk"]

    def __str__(self):
        return self.name or self.get_kind_display()

    def get_absolute_url(self):
        return self.home.get_absolute_url()

    def clean(self):
        if self.kind == FacilityKind.OTHER and not self.name.strip():
            raise ValidationError({"name": _("类型为“其他”的阵地请填写名称，如“心理咨询室”。")})

    @property
    def functions(self):
        return [code for code in FUNCTION_CODES if getattr(self, code)]

    @functions.setter
    def functions(self, codes):
        for code in FUNCTION_CODES:
            setattr(self, code, code in set(codes or ()))

    def functions_display(self):
        labels = dict(Function.choices)
        return join_list(labels[code] for code in self.functions)

    @property
    def multi_use(self):
        """一室多用: derived from the functions rather than a flag of its own, which could contradict them."""
        return len(self.functions) > 1


class Honour(PortalModel):
    """A title the home was awarded (模范职工之家 …) by some level, in some year."""

    home = models.ForeignKey(WorkersHome, on_delete=models.CASCADE, related_name="honours", verbose_name=_("职工之家"))
    title = models.CharField(_("称号"), max_length=20, choices=HonourTitle.choices)
    level = models.CharField(_("命名级别"), max_length=20, choices=HonourLevel.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    override_reason = models.TextField(
        _("破格说明"),
        blank=True,
        help_text=_("未先获得下一级同一称号，或模范职工之家未达入会率、满意率 90% 的，须写明理由。"),
    )

    scope_path = "home__organisation__"

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["home", "-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["home", "title", "level", "year"],
                name="home_honour_unique",
                violation_error_message=_("同一年度、同一级别的同一称号已登记过。"),
            )
        ]

    def __str__(self):
        return f"{self.year} {self.get_level_display()}{self.get_title_display()}"

    def get_absolute_url(self):
        return self.home.get_absolute_url()

    def clean(self):
        if self.year is not None and not FIRST_YEAR <= self.year <= this_year():
            raise ValidationError(
                {"year": _("年度须在 %(first)d 至 %(last)d 之间。") % {"first": FIRST_YEAR, "last": this_year()}}
            )
        if self.home_id and self.year and not (self.override_reason or "").strip():
            from .rules import honour_problems

            problems = honour_problems(self)
            if problems:
                raise ValidationError(
                    {
                        "override_reason": _("%(problems)s。确需命名的，请写明破格说明。")
                        % {"problems": "；".join(problems)}
                    }
                )


class SatisfactionRating(PortalModel):
    """会员评家: the share of members satisfied with their home in one year's survey."""

    home = models.ForeignKey(WorkersHome, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("职工之家"))
    year = models.PositiveSmallIntegerField(_("年度"))
    percent = models.DecimalField(
        _("满意率（%）"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    respondents = models.PositiveIntegerField(_("参评会员人数"), validators=[MinValueValidator(1)])

    scope_path = "home__organisation__"

    class Meta:
        verbose_name = _("会员评家")
        verbose_name_plural = _("会员评家")
        ordering = ["home", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["home", "year"],
                name="home_rating_one_per_year",
                violation_error_message=_("该年度的会员评家结果已登记过。"),
            )
        ]

    def __str__(self):
        return f"{self.year} {self.percent}%"

    def get_absolute_url(self):
        return self.home.get_absolute_url()

    def clean(self):
        if self.year is not None and not FIRST_YEAR <= self.year <= this_year():
            raise ValidationError(
                {"year": _("年度须在 %(first)d 至 %(last)d 之间。") % {"first": FIRST_YEAR, "last": this_year()}}
            )
        if self.home_id and self.respondents:
            from .rules import members_of

            members = members_of(self.home.organisation_id)
            if members is not None and self.respondents > members:
                raise ValidationError(
                    {"respondents": _("参评会员人数（%(r)d）不能多于该工会的会员人数（%(m)d）。") % {
                        "r": self.respondents, "m": members}}
                )  # fmt: skip

    @property
    def meets_bar(self):
        return self.percent is not None and self.percent >= SATISFACTION_BAR


class HomePhoto(Attachment):
    """A photo of a home (images only)."""

    home = models.ForeignKey(WorkersHome, on_delete=models.CASCADE, related_name="photos", verbose_name=_("职工之家"))

    scope_path = "home__organisation__"

    class Meta(Attachment.Meta):
        verbose_name = _("职工之家照片")
        verbose_name_plural = _("照片")


for _model in (WorkersHome, Facility, Honour, SatisfactionRating, HomePhoto):
    track(_model)
