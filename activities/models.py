"""活动载体一体化: one log of activities shared by 会 (the organising union), 站 (the station used) and 家
(the home used)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import track
from core.models import Attachment, PortalModel
from core.urls_helpers import model_url

from .choices import ActivityCategory

EARLIEST = datetime.date(2000, 1, 1)


def in_line(place_org, organiser):
    """True when `place_org` is the organiser itself, one of its ancestors (a station or home of a higher
    union, which serves the organiser's subtree) or one of its descendants (a place of a union under it)."""
    return place_org.covers(organiser) or organiser.covers(place_org)


class Activity(PortalModel):
    """An activity a union organised, possibly at a station and/or a home; shown on all their pages.

    Reach rule: the station (by its host) and the home (by its union) must lie on the organiser's line of the
    tree: the organiser itself, a union above it (whose station or home serves its subtree) or a union below
    it. And, as for any related record, the writer must have them in their own write scope."""

    title = models.CharField(_("活动名称"), max_length=120)
    date = models.DateField(_("活动日期"))
    category = models.CharField(_("活动类别"), max_length=20, choices=ActivityCategory.choices)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="activities", verbose_name=_("主办工会")
    )
    station = models.ForeignKey(
        "stations.ServiceStation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("使用的服务站"),
    )
    home = models.ForeignKey(
        "homes.WorkersHome",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("使用的职工之家"),
    )
    participants = models.PositiveIntegerField(
        _("参与人数"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    description = models.TextField(_("活动内容"), blank=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "-date"], name="activity_org_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return model_url(type(self), "detail", self.pk)

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("活动日期不能晚于今天；计划中的活动请在举办后再登记。")
        elif self.date and self.date < EARLIEST:
            errors["date"] = _("活动日期不能早于 2000 年。")
        organiser = self.organisation if self.organisation_id else None
        if organiser is not None:
            if self._state.adding and not organiser.is_active:
                errors["organisation"] = _("“%(org)s”已撤销或合并，不能再登记活动。") % {"org": organiser.name}
            if self.station_id and not in_line(self.station.host, organiser):
                errors["station"] = _(
                    "服务站“%(station)s”依托的%(host)s与主办工会不在同一条隶属线上：只能选用主办工会自己的、上级工会的或其下级工会的服务站。"
                ) % {"station": self.station.name, "host": self.station.host.name}
            if self.home_id and not in_line(self.home.organisation, organiser):
                errors["home"] = _(
                    "职工之家“%(home)s”属于%(org)s，与主办工会不在同一条隶属线上：只能选用主办工会自己的、上级工会的或其下级工会的职工之家。"
                ) % {"home": self.home.name, "org": self.home.organisation.name}
        if self.station_id and self.date and not self.station.is_active:
            closed_on = self.station.status_changed_on
            if closed_on is None or self.date >= closed_on:
                errors.setdefault("station", _("服务站“%(s)s”在活动日期已暂停或关闭。") % {"s": self.station.name})
        if errors:
            raise ValidationError(errors)

    def places(self):
        return [place for place in (self.station, self.home) if place is not None]


class ActivityPhoto(Attachment):
    """A photo of an activity (images only)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos", verbose_name=_("活动"))

    scope_path = "activity__organisation__"

    class Meta(Attachment.Meta):
        verbose_name = _("活动照片")
        verbose_name_plural = _("照片")


track(Activity)
track(ActivityPhoto)
