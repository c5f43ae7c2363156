"""站: worker service stations (职工服务站), what they offer, their yearly review and their service ledger."""

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

from .choices import CHECKLIST, FundingSource, ServiceCategory, StationStatus, Tier, Weekday


def parse_days(value):
    """Normalise opening days to a sorted string of ISO weekday digits ("12345")."""
    if isinstance(value, list | tuple | set):
        value = "".join(str(v) for v in value)
    digits = {ch for ch in str(value or "") if ch in "1234567"}
    return "".join(sorted(digits))


class ServiceStation(Located, PortalModel):
    """A worker service station (职工服务站) hosted by a union organisation, usually a township, county, park or
    large grassroots union; it serves the unions of its host's subtree."""

    name = models.CharField(_("站名"), max_length=100)
    host = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="service_stations", verbose_name=_("依托工会")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    floor_area = models.DecimalField(
        _("面积（平方米）"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    open_days = models.CharField(
        _("开放日"), max_length=7, blank=True, help_text=_("每周开放的日子，如“12345”表示周一至周五。")
    )
    opens_at = models.TimeField(_("开门时间"), null=True, blank=True)
    closes_at = models.TimeField(_("关门时间"), null=True, blank=True)
    full_time_staff = models.PositiveSmallIntegerField(_("专职人员"), default=0)
    part_time_staff = models.PositiveSmallIntegerField(_("兼职人员"), default=0)
    volunteers = models.PositiveSmallIntegerField(_("志愿者"), default=0)
    funding_source = models.CharField(_("经费来源"), max_length=20, choices=FundingSource.choices, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=StationStatus.choices, default=StationStatus.ACTIVE)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    scope_path = "host__"

    class Meta:
        verbose_name = _("职工服务站")
        verbose_name_plural = _("职工服务站")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["host", "name"],
                name="station_unique_name_per_host",
                violation_error_message=_("该工会下已有同名的服务站。"),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return model_url(type(self), "detail", self.pk)

    @property
    def is_active(self):
        return self.status == StationStatus.ACTIVE

    def open_days_display(self):
        labels = dict(Weekday.choices)
        days = parse_days(self.open_days)
        if days == "1234567":
            return str(_("每天"))
        if days == "12345":
            return str(_("周一至周五"))
        if days == "123456":
            return str(_("周一至周六"))
        return join_list(labels[d] for d in days)

    def hours_display(self):
        if not (self.open_days or self.opens_at):
            return ""
        hours = ""
        if self.opens_at and self.closes_at:
            hours = f" {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"
        return f"{self.open_days_display()}{hours}".strip()

    def staff_display(self):
        return _("专职 %(full)d 人，兼职 %(part)d 人，志愿者 %(vol)d 人") % {
            "full": self.full_time_staff,
            "part": self.part_time_staff,
            "vol": self.volunteers,
        }

    def path_display(self):
        """For search results: where the station stands."""
        return " ".join(part for part in (self.host.name, self.address) if part)

    def clean(self):
        errors = {}
        self.name = (self.name or "").strip()
        self.open_days = parse_days(self.open_days)
        errors.update(self.coordinate_errors())
        if (self.opens_at is None) != (self.closes_at is None):
            errors["closes_at"] = _("开门时间和关门时间要一起填写。")
        elif self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("关门时间应晚于开门时间。")
        if self.opens_at and not self.open_days:
            errors["open_days"] = _("填写了开放时间，请同时选择每周开放的日子。")
        if self.status != StationStatus.ACTIVE and not self.status_changed_on:
            errors["status_changed_on"] = _("服务站暂停或关闭时，请填写状态变更日期。")
        if self.status_changed_on and self.status_changed_on > timezone.localdate():
            errors["status_changed_on"] = _("状态变更日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)


class StationContact(PortalModel):
    """A named person to contact at a station (站长、专职工作人员等)."""

    station = models.ForeignKey(
        ServiceStation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("服务站")
    )
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职务/角色"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    scope_path = "station__host__"

    class Meta:
        verbose_name = _("服务站联系人")
        verbose_name_plural = _("服务站联系人")
        ordering = ["pk"]

    def __str__(self):
        return _("%(name)s（%(role)s）") % {"name": self.name, "role": self.role} if self.role else self.name

    def get_absolute_url(self):
        return self.station.get_absolute_url()


class StationService(PortalModel):
    """One of the five services a station offers, with what it offers under it."""

    station = models.ForeignKey(
        ServiceStation, on_delete=models.CASCADE, related_name="services", verbose_name=_("服务站")
    )
    category = models.CharField(_("服务类别"), max_length=20, choices=ServiceCategory.choices)
    offered = models.TextField(_("服务内容"), help_text=_("具体提供什么，如“法律咨询、劳动争议调解”。"))

    scope_path = "station__host__"

    class Meta:
        verbose_name = _("服务站服务项目")
        verbose_name_plural = _("服务站服务项目")
        ordering = ["station", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "category"],
                name="station_service_unique_category",
                violation_error_message=_("同一服务类别只需填写一行。"),
            )
        ]

    def __str__(self):
        return self.get_category_display()

    def get_absolute_url(self):
        return self.station.get_absolute_url()


class StationPhoto(Attachment):
    """A photo of a station (门牌、场所、活动)."""

    station = models.ForeignKey(
        ServiceStation, on_delete=models.CASCADE, related_name="photos", verbose_name=_("服务站")
    )

    scope_path = "station__host__"

    class Meta(Attachment.Meta):
        verbose_name = _("服务站照片")
        verbose_name_plural = _("服务站照片")


class TierRule(models.Model):
    """What a station needs for a tier. Defaults come with the migration; an administrator may change them
    (Django admin) when the province adopts its own standard."""

    tier = models.CharField(_("等级"), max_length=20, choices=Tier.choices, unique=True)
    min_checklist_items = models.PositiveSmallIntegerField(
        _("至少满足的“六有”项数"), validators=[MaxValueValidator(len(CHECKLIST))]
    )
    min_services = models.PositiveSmallIntegerField(
        _("至少开展的服务类别数"), validators=[MaxValueValidator(len(ServiceCategory.choices))]
    )
    min_floor_area = models.DecimalField(_("最小面积（平方米）"), max_digits=8, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("服务站等级标准")
        verbose_name_plural = _("服务站等级标准")

    def __str__(self):
        return self.get_tier_display()


def offers_every_service(station):
    """Whether the station offers all five service categories (服务功能齐全)."""
    offered = station.services.values("category").distinct().count() if station.pk else 0
    return offered >= len(ServiceCategory.choices)


class StationReview(PortalModel):
    """The yearly review of a station against the six-item checklist, and the tier it earns."""

    station = models.ForeignKey(
        ServiceStation, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("服务站")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    reviewed_on = models.DateField(_("评定日期"), null=True, blank=True)
    reviewer = models.CharField(_("评定人"), max_length=100, blank=True)
    has_sign = models.BooleanField(CHECKLIST[0][1], default=False)
    good_location = models.BooleanField(CHECKLIST[1][1], default=False)
    has_facilities = models.BooleanField(CHECKLIST[2][1], default=False)
    has_services = models.BooleanField(
        CHECKLIST[3][1], default=False, help_text=_("由服务站开展的服务类别自动得出：五类服务齐全即为是。")
    )
    rules_posted = models.BooleanField(CHECKLIST[4][1], default=False)
    listed_publicly = models.BooleanField(CHECKLIST[5][1], default=False)
    tier = models.CharField(_("等级"), max_length=20, choices=Tier.choices, blank=True, editable=False)
    notes = models.TextField(_("评定意见"), blank=True)

    scope_path = "station__host__"

    class Meta:
        verbose_name = _("服务站年度评定")
        verbose_name_plural = _("服务站年度评定")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "year"],
                name="station_review_unique_year",
                violation_error_message=_("该服务站本年度已有评定记录，请修改原记录。"),
            )
        ]

    def __str__(self):
        return f"{self.station} {self.year}"

    def get_absolute_url(self):
        return model_url(type(self), "detail", self.pk)

    def checklist(self):
        return [(name, label, getattr(self, name)) for name, label in CHECKLIST]

    def items_met(self):
        return sum(1 for name, _label in CHECKLIST if getattr(self, name))

    def clean(self):
        errors = {}
        this_year = timezone.localdate().year
        if self.year and self.year > this_year:
            errors["year"] = _("不能评定未来年度（%(year)s 年）。") % {"year": self.year}
        if self.reviewed_on and self.reviewed_on > timezone.localdate():
            errors["reviewed_on"] = _("评定日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)
        if self.station_id:
            from .tiers import assess

            # 服务功能齐全 is what the station offers, not a tick of its own that could contradict it.
            self.has_services = offers_every_service(self.station)

            self.tier = assess(self.station, self).tier


class ServiceRecord(PortalModel):
    """One line of a station's service ledger (服务台账): a service given on a day."""

    station = models.ForeignKey(
        ServiceStation, on_delete=models.PROTECT, related_name="records", verbose_name=_("服务站")
    )
    date = models.DateField(_("服务日期"))
    category = models.CharField(_("服务类别"), max_length=20, choices=ServiceCategory.choices)
    workers_served = models.PositiveIntegerField(_("服务职工人数"), default=1)
    unions = models.ManyToManyField(
        "orgs.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("职工所在工会"),
        help_text=_("知道时填写；须是本站依托工会所辖的工会。"),
    )
    description = models.TextField(_("服务内容"))
    follow_up_needed = models.BooleanField(_("需要跟进"), default=False)
    follow_up_done = models.BooleanField(_("已跟进"), default=False)
    follow_up_done_on = models.DateField(_("跟进完成日期"), null=True, blank=True)

    scope_path = "station__host__"

    class Meta:
        verbose_name = _("服务台账")
        verbose_name_plural = _("服务台账")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["station", "date"], name="service_record_station_date")]

    def __str__(self):
        return f"{self.date} {self.get_category_display()}"

    def get_absolute_url(self):
        return model_url(type(self), "detail", self.pk)

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.date and self.date > today:
            errors["date"] = _("服务日期不能晚于今天。")
        if self.follow_up_done and not self.follow_up_needed:
            errors["follow_up_done"] = _("只有标记为“需要跟进”的服务才能标记为已跟进。")
        if self.follow_up_done and not self.follow_up_done_on:
            errors["follow_up_done_on"] = _("已跟进时请填写跟进完成日期。")
        if self.follow_up_done_on and not self.follow_up_done:
            errors["follow_up_done_on"] = _("尚未跟进完成，不应填写跟进完成日期。")
        if self.follow_up_done_on:
            if self.follow_up_done_on > today:
                errors["follow_up_done_on"] = _("跟进完成日期不能晚于今天。")
            elif self.date and self.follow_up_done_on < self.date:
                errors["follow_up_done_on"] = _("跟进完成日期不能早于服务日期。")
        if self.station_id and self.date:
            station = self.station
            if (
                station.status == StationStatus.CLOSED
                and station.status_changed_on
                and self.date > (station.status_changed_on)
            ):
                errors["date"] = _("服务站已于 %(date)s 关闭，不能登记之后的服务。") % {
                    "date": station.status_changed_on
                }
        if errors:
            raise ValidationError(errors)


def unions_outside(station, unions):
    """The unions among `unions` that lie outside the subtree of `station`'s host (a ledger may name only
    unions the station serves)."""
    host = station.host
    return [union for union in unions if not host.covers(union)]


for _model in (ServiceStation, StationContact, StationService, StationPhoto, StationReview, ServiceRecord):
    track(_model)
