"""Spreadsheet columns of stations, their yearly reviews and their service ledgers (template, import, export)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.imports import BooleanWidget, ChoiceWidget, NamedRefWidget, ScopedResource, TextWidget, register_resource
from core.scope import CHANGE
from core.services import record_create, record_update
from core.text import join_list
from orgs.models import Organisation
from orgs.resources import OrganisationRefWidget

from .choices import FundingSource, ServiceCategory, StationStatus, Weekday
from .models import ServiceRecord, ServiceStation, StationReview, parse_days
from .services import check_unions, service_record_create, service_record_update

LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")


class DaysWidget(widgets.Widget):
    """Opening days: 周一至周五, 周一、周三、周五, 每天, 1-5 or 135."""

    NAMES = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "日": "7", "天": "7"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if not text:
            return ""
        if text in ("每天", "全周", "周一至周日"):
            return "1234567"
        normalised = text.replace("星期", "周").replace("礼拜", "周")
        normalised = re.sub(r"周([一二三四五六日天])", lambda m: self.NAMES[m.group(1)], normalised)
        match = re.fullmatch(r"\s*([1-7])\s*(?:至|到|-|—|~|～)\s*([1-7])\s*", normalised)
        if match:
            start, end = int(match.group(1)), int(match.group(2))
            if start <= end:
                return "".join(str(d) for d in range(start, end + 1))
        digits = re.sub(r"[\s、，,；;]", "", normalised)
        if digits and all(ch in "1234567" for ch in digits):
            return parse_days(digits)
        raise ValueError(_("开放日“%(v)s”无法识别，请填“周一至周五”或“周一、周三、周五”。") % {"v": text})

    def render(self, value, obj=None, **kwargs):
        labels = dict(Weekday.choices)
        return "、".join(str(labels[d]) for d in parse_days(value))


class NewOrOwnIdMixin:
    """A blank 系统编号 is a new record; a filled one must name a record in the importer's write scope."""


@register_resource("stations.servicestation")
class ServiceStationResource(NewOrOwnIdMixin, ScopedResource):
    create_service = record_create
    update_service = record_update

    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
    name = fields.Field(attribute="name", column_name="站名", widget=TextWidget())
    host = fields.Field(attribute="host", column_name="依托工会")
    address = fields.Field(attribute="address", column_name="地址", widget=TextWidget())
    latitude = fields.Field(attribute="latitude", column_name="纬度", widget=widgets.DecimalWidget())
    longitude = fields.Field(attribute="longitude", column_name="经度", widget=widgets.DecimalWidget())
    floor_area = fields.Field(attribute="floor_area", column_name="面积（平方米）", widget=widgets.DecimalWidget())
    open_days = fields.Field(attribute="open_days", column_name="开放日", widget=DaysWidget())
    opens_at = fields.Field(attribute="opens_at", column_name="开门时间", widget=widgets.TimeWidget("%H:%M"))
    closes_at = fields.Field(attribute="closes_at", column_name="关门时间", widget=widgets.TimeWidget("%H:%M"))
    full_time_staff = fields.Field(attribute="full_time_staff", column_name="专职人员", widget=widgets.IntegerWidget())
    part_time_staff = fields.Field(attribute="part_time_staff", column_name="兼职人员", widget=widgets.IntegerWidget())
    volunteers = fields.Field(attribute="volunteers", column_name="志愿者", widget=widgets.IntegerWidget())
    funding_source = fields.Field(
        attribute="funding_source", column_name="经费来源", widget=ChoiceWidget(FundingSource.choices)
    )
    status = fields.Field(attribute="status", column_name="状态", widget=ChoiceWidget(StationStatus.choices))
    status_changed_on = fields.Field(
        attribute="status_changed_on", column_name="状态变更日期", widget=widgets.DateWidget("%Y-%m-%d")
    )

    class Meta(ScopedResource.Meta):
        model = ServiceStation
        fields = (
            "id", "name", "host", "address", "latitude", "longitude", "floor_area", "open_days", "opens_at",
            "closes_at", "full_time_staff", "part_time_staff", "volunteers", "funding_source", "status",
            "status_changed_on",
        )  # fmt: skip
        import_id_fields = ("id",)

    required = ("站名", "依托工会")

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["host"].widget = OrganisationRefWidget(lambda: Organisation.objects.restrict(self.user, CHANGE))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # Empty counts mean none, not "unreadable"; an empty status means the station is running.
        column = str(field.column_name)
        if field.attribute in ("full_time_staff", "part_time_staff", "volunteers") and row.get(column) in (None, ""):
            row[column] = 0
        if field.attribute == "status" and row.get(column) in (None, ""):
            row[column] = StationStatus.ACTIVE
        return super().import_field(field, instance, row, is_m2m, **kwargs)

    def column_help(self):
        notes = {
            "系统编号": _("新增时留空；修改已有服务站时填写导出文件中的编号。"),
            "依托工会": _("填写12位区划代码、18位信用代码、完整路径或在您管理范围内唯一的名称。"),
            "纬度": _("十进制度数，如 36.617134；须在本省范围内。"),
            "经度": _("十进制度数，如 101.778228。"),
            "开放日": _("如“周一至周五”或“周一、周三、周五”或“每天”。"),
            "开门时间": _("如 09:00。"),
            "关门时间": _("如 17:30，须晚于开门时间。"),
            "经费来源": join_list(label for _v, label in FundingSource.choices),
            "状态": join_list(label for _v, label in StationStatus.choices) + _("；留空为运行中。"),
            "状态变更日期": _("暂停或关闭时必填，格式 2025-06-30。"),
        }
        return [(column, notes.get(column, "")) for column in self.import_columns()]


@register_resource("stations.stationreview")
class StationReviewResource(NewOrOwnIdMixin, ScopedResource):
    create_service = record_create
    update_service = record_update

    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
    station = fields.Field(attribute="station", column_name="服务站")
    year = fields.Field(attribute="year", column_name="年度", widget=widgets.IntegerWidget())
    reviewed_on = fields.Field(attribute="reviewed_on", column_name="评定日期", widget=widgets.DateWidget("%Y-%m-%d"))
    reviewer = fields.Field(attribute="reviewer", column_name="评定人", widget=TextWidget())
    has_sign = fields.Field(attribute="has_sign", column_name="统一标识和名称", widget=BooleanWidget())
    good_location = fields.Field(attribute="good_location", column_name="选址合理", widget=BooleanWidget())
    has_facilities = fields.Field(attribute="has_facilities", column_name="设施齐全", widget=BooleanWidget())
    has_services = fields.Field(attribute="has_services", column_name="服务功能齐全", widget=BooleanWidget())
    rules_posted = fields.Field(attribute="rules_posted", column_name="管理制度上墙", widget=BooleanWidget())
    listed_publicly = fields.Field(attribute="listed_publicly", column_name="对外公布地图可查", widget=BooleanWidget())
    tier = fields.Field(attribute="tier", column_name="等级", readonly=True)
    notes = fields.Field(attribute="notes", column_name="评定意见", widget=TextWidget())

    class Meta(ScopedResource.Meta):
        model = StationReview
        fields = (
            "id", "station", "year", "reviewed_on", "reviewer", "has_sign", "good_location", "has_facilities",
            "has_services", "rules_posted", "listed_publicly", "tier", "notes",
        )  # fmt: skip
        import_id_fields = ("id",)

    required = ("服务站", "年度")

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["station"].widget = NamedRefWidget(
            lambda: ServiceStation.objects.restrict(self.user, CHANGE).select_related("host"), _("服务站")
        )
        from .choices import Tier

        self.fields["tier"].widget = ChoiceWidget(Tier.choices)

    def column_help(self):
        notes = {
            "系统编号": _("新增时留空；修改已有评定时填写导出文件中的编号。"),
            "服务站": _("填写服务站名称（在您管理范围内唯一）或其系统编号。"),
            "等级": _("由“六有”、服务类别和面积按等级标准自动评定，导入时忽略。"),
        }
        return [
            (column, notes.get(column, _("填“是”或“否”。") if column in self._yes_no_columns() else ""))
            for column in self.import_columns()
        ]

    def _yes_no_columns(self):
        return {str(f.column_name) for f in self.get_import_fields() if isinstance(f.widget, BooleanWidget)}


class UnionsWidget(widgets.Widget):
    """Unions named in a ledger line, separated by 、 or commas; each looked up within the importer's scope."""

    def __init__(self, queryset_fn, **kwargs):
        self.ref = OrganisationRefWidget(queryset_fn)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        return [self.ref.clean(part.strip()) for part in LIST_SEPARATORS.split(text) if part.strip()]

    def render(self, value, obj=None, **kwargs):
        if obj is None:
            return ""
        return "、".join(union.name for union in obj.unions.all())


@register_resource("stations.servicerecord")
class ServiceRecordResource(NewOrOwnIdMixin, ScopedResource):
    """The ledger stations already keep: one line per service given."""

    create_service = service_record_create
    update_service = service_record_update

    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
    station = fields.Field(attribute="station", column_name="服务站")
    date = fields.Field(attribute="date", column_name="服务日期", widget=widgets.DateWidget("%Y-%m-%d"))
    category = fields.Field(attribute="category", column_name="服务类别", widget=ChoiceWidget(ServiceCategory.choices))
    workers_served = fields.Field(attribute="workers_served", column_name="服务人数", widget=widgets.IntegerWidget())
    unions = fields.Field(attribute="unions", column_name="职工所在工会")
    description = fields.Field(attribute="description", column_name="服务内容", widget=TextWidget())
    follow_up_needed = fields.Field(attribute="follow_up_needed", column_name="需要跟进", widget=BooleanWidget())
    follow_up_done = fields.Field(attribute="follow_up_done", column_name="已跟进", widget=BooleanWidget())
    follow_up_done_on = fields.Field(
        attribute="follow_up_done_on", column_name="跟进完成日期", widget=widgets.DateWidget("%Y-%m-%d")
    )

    class Meta(ScopedResource.Meta):
        model = ServiceRecord
        fields = (
            "id", "station", "date", "category", "workers_served", "unions", "description", "follow_up_needed",
            "follow_up_done", "follow_up_done_on",
        )  # fmt: skip
        import_id_fields = ("id",)

    required = ("服务站", "服务日期", "服务类别", "服务内容")

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["station"].widget = NamedRefWidget(
            lambda: ServiceStation.objects.restrict(self.user, CHANGE).select_related("host"), _("服务站")
        )
        self.fields["unions"].widget = UnionsWidget(lambda: Organisation.objects.restrict(self.user, CHANGE))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        column = str(field.column_name)
        if field.attribute == "unions":
            # Kept aside for the ledger service, which checks them against the station and saves them after
            # the record; a missing column leaves an existing record's unions as they are.
            if column in row:
                instance._unions = field.widget.clean(row.get(column))
            return None
        if field.attribute == "workers_served" and row.get(column) in (None, ""):
            row[column] = 1
        if field.attribute in ("follow_up_needed", "follow_up_done") and row.get(column) is None:
            row[column] = ""
        return super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            check_unions(instance, getattr(instance, "_unions", None))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        super().validate_instance(instance, errors, validate_unique)

    def save_m2m(self, instance, row, **kwargs):
        return None  # the service has saved the unions

    def export_rows(self, queryset, chunk_size=2000):
        """Ledger lines with their unions joined in one cell (one query for the unions per chunk)."""
        fields = self.get_export_fields()
        yield [field.column_name for field in fields]
        rows = queryset.select_related("station").prefetch_related("unions")
        with translation.override(settings.LANGUAGE_CODE):
            for record in rows.iterator(chunk_size=chunk_size):
                yield [self._cell(field, record) for field in fields]

    def _cell(self, field, record):
        if field.attribute == "unions":
            return field.widget.render(None, obj=record)
        value = field.get_value(record)
        return "" if value is None else field.widget.render(value)

    def column_help(self):
        notes = {
            "系统编号": _("新增时留空；修改已有台账时填写导出文件中的编号。"),
            "服务站": _("填写服务站名称（在您管理范围内唯一）或其系统编号。"),
            "服务日期": _("格式 2025-06-30，不能晚于今天。"),
            "服务类别": join_list(label for _v, label in ServiceCategory.choices),
            "服务人数": _("留空按 1 人计。"),
            "职工所在工会": _("知道时填写，多个用“、”分隔；须是服务站依托工会所辖的工会。"),
            "需要跟进": _("填“是”或“否”，留空为否。"),
            "已跟进": _("填“是”或“否”；只有需要跟进的才能填“是”。"),
            "跟进完成日期": _("已跟进时必填。"),
        }
        return [(column, notes.get(column, "")) for column in self.import_columns()]
