"""Shared model bases and the import job record."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .scope import RestrictedQuerySet
from .text import normalise_name

EARLIEST_DATE = datetime.date(1949, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)
# Date fields that may lie ahead: deadlines and the planned start or end of an arrangement. Every other date
# records something that happened (founded, elected, trained, served), so it cannot be after today.
FUTURE_DATE_NAMES = frozenset({"due_on", "deadline", "start_on", "end_on", "ends_on"})
# Yearly records (returns, appraisals, reviews, targets) are kept from the founding of the PRC to a few years
# ahead, so that a typo such as 20255 is caught before any date is computed from it.
YEAR_FUTURE = 5


_CHOICE_LABELS = {}


class ChoiceLabelsMixin:
    """get_FOO_display() from a {value: label} table kept per field and language. Django's own rebuilds and
    hashes the field's whole choice list (translating every label) on each call: a list of 25 rows showing
    level, industry and status spent a quarter of its rendering there."""

    def _get_FIELD_display(self, field):
        from django.utils.translation import get_language

        key = (id(field), get_language())
        labels = _CHOICE_LABELS.get(key)
        if labels is None:
            labels = _CHOICE_LABELS[key] = {value: str(label) for value, label in field.flatchoices}
        value = getattr(self, field.attname)
        try:
            return labels.get(value, value)
        except TypeError:  # an unhashable value, as Django's make_hashable allows
            return super()._get_FIELD_display(field)


class CheckedFieldsMixin(ChoiceLabelsMixin):
    """Bounds every model field keeps at every door (form, import, API), since all of them call full_clean():
    dates not before 1949 nor after today (or 2099 where the date may lie ahead), years within 1949 to a few
    years ahead, integers within the column's range on any database (SQLite has none of its own and answered
    500 on a huge number), long text capped at settings.TEXT_MAX_LENGTH, and names (`name`, `*_name`, `title`)
    normalised by core.text.normalise_name before the uniqueness checks see them."""

    future_dates = FUTURE_DATE_NAMES

    def full_clean(self, *args, **kwargs):
        self._bound_messages = {}
        try:
            super().full_clean(*args, **kwargs)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            # Where the model's own clean() refused the same field in its own words, those are kept alone.
            for name, message in self._bound_messages.items():
                kept = [error for error in exc.error_dict.get(name, []) if message not in error.messages]
                if kept:
                    exc.error_dict[name] = kept
            raise

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        fields = [f for f in self._meta.concrete_fields if f.name not in exclude and f.editable]
        for field in fields:
            if _is_name(field):
                setattr(self, field.attname, normalise_name(getattr(self, field.attname)))
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in fields:
            if field.name in errors:
                continue
            message = self._field_bound_error(field, getattr(self, field.attname))
            if message:
                errors[field.name] = [message]
                getattr(self, "_bound_messages", {})[field.name] = message
        if errors:
            raise ValidationError(errors)

    def _field_bound_error(self, field, value):
        if value is None or value == "":
            return None
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            if not isinstance(value, datetime.date) or field.auto_now or field.auto_now_add:
                return None
            label = {"field": field.verbose_name}
            if value < EARLIEST_DATE:
                return gettext("%(field)s不能早于 1949 年 1 月 1 日。") % label
            future = field.name in self.future_dates
            if value > (LATEST_DATE if future else timezone.localdate()):
                return (
                    gettext("%(field)s不能晚于 2099 年 12 月 31 日。") if future else gettext("%(field)s不能晚于今天。")
                ) % label
        elif isinstance(field, models.IntegerField) and not isinstance(field, models.AutoField):
            if not isinstance(value, int):
                return None
            if field.name == "year":
                latest = timezone.localdate().year + YEAR_FUTURE
                if not 1949 <= value <= latest:
                    return gettext("年度应在 1949 至 %(latest)d 之间。") % {"latest": latest}
            low, high = BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type(), (None, None))
            if (low is not None and value < low) or (high is not None and value > high):
                return gettext("数值超出允许范围（%(low)s 至 %(high)s）。") % {"low": low, "high": high}
        elif isinstance(field, models.TextField) and isinstance(value, str):
            limit = settings.TEXT_MAX_LENGTH
            if len(value) > limit:
                return gettext("内容过长：最多 %(limit)d 个字符（现有 %(n)d 个）。") % {"limit": limit, "n": len(value)}
        return None


def _is_name(field):
    return (
        isinstance(field, models.CharField)
        and (field.name in ("name", "title") or field.name.endswith("_name"))
        and not field.choices
    )


class PortalModel(CheckedFieldsMixin, models.Model):
    """Base of every domain record: timestamps and a scope-aware manager.

    Subclasses name `scope_path`, the lookup from the record to its Organisation (e.g. "organisation__"),
    so that `Model.objects.restrict(user, action)` works with no code of their own.
    """

    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    scope_path = "organisation__"

    class Meta:
        abstract = True


def coordinate_box():
    """(lat_min, lat_max, lon_min, lon_max) that every coordinate entered must lie in (settings.COORDINATE_BOX)."""
    return tuple(settings.COORDINATE_BOX)


class Located(models.Model):
    """A place with a point on the map (a service station, a workers' home): latitude and longitude in decimal
    degrees of WGS-84 / CGCS2000, the system of 天地图 and of GPS, both or neither, inside the deployment's
    COORDINATE_BOX. Points taken from 高德 or 百度 maps are shifted (GCJ-02, BD-09) by some hundred metres."""

    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("十进制度数，如 36.617134；可在天地图上取点（高德、百度地图的坐标有几百米偏移）。"),
    )
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True, help_text=_("十进制度数，如 101.778228。")
    )

    class Meta:
        abstract = True

    @property
    def is_located(self):
        return self.latitude is not None and self.longitude is not None

    def coordinates_display(self):
        if not self.is_located:
            return ""
        return gettext("北纬 %(lat)s，东经 %(lon)s") % {"lat": self.latitude, "lon": self.longitude}

    def coordinate_errors(self):
        """{field: message} for the point; each model's clean() adds them to its own."""
        errors = {}
        lat_min, lat_max, lon_min, lon_max = coordinate_box()
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = gettext("经度和纬度要么都填，要么都不填。")
        if self.latitude is not None and not (lat_min <= float(self.latitude) <= lat_max):
            errors["latitude"] = gettext(
                "纬度 %(value)s 不在本省范围（北纬 %(min)s–%(max)s 度）内，请检查是否与经度填反或漏了小数点。"
            ) % {"value": self.latitude, "min": lat_min, "max": lat_max}
        if self.longitude is not None and not (lon_min <= float(self.longitude) <= lon_max):
            errors["longitude"] = gettext(
                "经度 %(value)s 不在本省范围（东经 %(min)s–%(max)s 度）内，请检查是否与纬度填反或漏了小数点。"
            ) % {"value": self.longitude, "min": lon_min, "max": lon_max}
        return errors


# The rows that have a point: the one test, for the lists' `located` filter and the map.
LOCATED = models.Q(latitude__isnull=False, longitude__isnull=False)


class UserJob(models.Model):
    """A background job one user started (an import, a large export): theirs alone to see, whatever rows it
    holds, and shown as running until a worker finishes it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("发起人"))
    target = models.CharField(_("对象"), max_length=100)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    queued = models.DateTimeField(_("排队时间"), null=True, blank=True)
    started = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished = models.DateTimeField(_("完成时间"), null=True, blank=True)
    reason = models.TextField(_("失败原因"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    running_states = ()
    queued_states = ()  # waiting for a worker; the others of running_states are being worked on

    class Meta:
        abstract = True
        ordering = ["-created"]

    @staticmethod
    def scope_q_for(user, action):
        return models.Q(user=user)

    @property
    def is_running(self):
        return self.state in self.running_states

    @classmethod
    def fail(cls, pk, reason):
        """Mark a job that has not finished as failed, saying why; a finished job is left as it is."""
        from django.utils import timezone

        return cls.objects.filter(pk=pk, state__in=cls.running_states).update(
            state="failed", finished=timezone.now(), reason=str(reason)
        )

    @classmethod
    def hard_time_limit(cls):
        """Seconds after which the worker kills this kind of job (its Celery task's time_limit)."""
        return settings.CELERY_TASK_TIME_LIMIT

    @classmethod
    def fail_stale(cls, pk=None):
        """Jobs a worker will never finish: queued for longer than settings.JOB_QUEUE_TIMEOUT (the broker lost
        them), or started longer ago than the hard task time limit (the worker died or was killed). Marked
        failed with a reason, so that no page spins forever. `pk` limits it to one job (a job's page checks
        its own job; the periodic task checks all). Returns how many."""
        from datetime import timedelta

        from django.utils import timezone

        now = timezone.now()
        queued_before = now - timedelta(seconds=settings.JOB_QUEUE_TIMEOUT)
        started_before = now - timedelta(seconds=cls.hard_time_limit() + 60)
        working = [state for state in cls.running_states if state not in cls.queued_states]
        jobs = cls.objects.all() if pk is None else cls.objects.filter(pk=pk)
        lost = jobs.filter(state__in=cls.queued_states).filter(
            models.Q(queued__lt=queued_before) | models.Q(queued__isnull=True, created__lt=queued_before)
        )
        died = jobs.filter(state__in=working, started__lt=started_before)
        count = lost.update(state="failed", finished=now, reason=str(JOB_LOST))
        return count + died.update(state="failed", finished=now, reason=str(JOB_DIED))


JOB_LOST = _("后台任务长时间没有开始（后台任务服务可能中断过），请重新提交。")
JOB_DIED = _("后台任务超时或中断（后台进程可能已停止），没有完成。请稍后重试；文件很大时请拆分后分批提交。")


class ImportJob(UserJob):
    """One spreadsheet upload: validated first (dry run), written only when the user confirms and every row
    is valid. Runs as a Celery job so that a large file does not hold a browser request."""

    class State(models.TextChoices):
        PENDING = "pending", _("排队中")
        VALIDATING = "validating", _("校验中")
        INVALID = "invalid", _("有错误，未导入")
        VALIDATED = "validated", _("校验通过，待确认")
        IMPORTING = "importing", _("导入中")
        DONE = "done", _("已导入")
        FAILED = "failed", _("失败")

    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    total_rows = models.PositiveIntegerField(_("行数"), default=0)
    new_rows = models.PositiveIntegerField(_("新增"), default=0)
    updated_rows = models.PositiveIntegerField(_("更新"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    preview = models.JSONField(_("预览"), default=dict, blank=True)

    running_states = (State.PENDING, State.VALIDATING, State.IMPORTING)
    queued_states = (State.PENDING,)

    class Meta(UserJob.Meta):
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")

    def __str__(self):
        return f"{self.original_name} ({self.get_state_display()})"

    @classmethod
    def hard_time_limit(cls):
        return settings.IMPORT_TIME_LIMIT + 120  # core.tasks.run_import_job's time_limit


class ExportJob(UserJob):
    """An export too large to build within a browser request (settings.EXPORT_SYNC_LIMIT rows): built by a
    Celery job from the list's saved filter, then downloaded from its page by the user who asked for it."""

    class State(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    query = models.TextField(_("筛选条件"), blank=True)
    fmt = models.CharField(_("格式"), max_length=10)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("文件名"), max_length=255, blank=True)

    running_states = (State.PENDING, State.RUNNING)
    queued_states = (State.PENDING,)

    class Meta(UserJob.Meta):
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")

    def __str__(self):
        return self.filename or self.target


def attachment_path(instance, filename):
    import os
    import uuid

    from django.utils import timezone

    meta = instance._meta
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"attachments/{meta.app_label}/{meta.model_name}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Attachment(PortalModel):
    """Base of evidence files and photos. A subclass adds the foreign key to what the file belongs to and a
    `scope_path` through it; files are stored under random names and served only by `core:attachment`,
    which checks the reader's scope, never from a public URL."""

    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("上传人")
    )

    class Meta:
        abstract = True
        ordering = ["created", "pk"]

    def __str__(self):
        return self.caption or self.original_name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:attachment", args=[self._meta.label_lower, self.pk])

    @property
    def is_image(self):
        from .uploads import served_inline

        return served_inline(self.content_type)


class ChangeStamp(models.Model):
    """One committed write to an area of the tree (see core.changes); written by database triggers only."""

    area = models.BigIntegerField(_("区域"))
    weight = models.BigIntegerField(_("权重"), default=1)

    class Meta:
        verbose_name = _("变更戳")
        verbose_name_plural = _("变更戳")
        # The page's sum reads the area's rows from the index alone.
        indexes = [models.Index(fields=["area", "weight"], name="changestamp_area_weight")]

    def __str__(self):
        return f"{self.area}+{self.weight}"
