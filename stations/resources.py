"""Spreadsheet columns of stations, their yearly reviews and their service ledgers (template, import, export)."""

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from core.imports import BooleanWidget, ScopedResource, register_resource
from core.services import record_create, record_update
from core.text import join_list

from .choices import FundingSource, ServiceCategory, StationStatus, Weekday
from .models import ServiceRecord, ServiceStation, StationReview, parse_days
from .services import service_record_create, service_record_update


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


@register_resource("stations.servicestation")
class ServiceStationResource(ScopedResource):
    create_service = record_create
    update_service = record_update

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
        self.fields["open_days"].widget = DaysWidget()

    def column_help(self):
        notes = {
            "系统编号": _("新增时留空；修改已有服务站时填写导出文件中的编号。"),
            "依托工会": _("填写12位区划代码、18位信用代码、完整路径或在您管理范围内唯一的名称。"),
            "开放日": _("如“周一至周五”或“周一、周三、周五”或“每天”。"),
            "开门时间": _("如 09:00。"),
            "关门时间": _("如 17:30，须晚于开门时间。"),
            "经费来源": join_list(label for _v, label in FundingSource.choices),
            "状态": join_list(label for _v, label in StationStatus.choices) + _("；留空为运行中。"),
            "状态变更日期": _("暂停或关闭时必填，格式 2025-06-30。"),
        }
        return super().column_help(notes)


@register_resource("stations.stationreview")
class StationReviewResource(ScopedResource):
    create_service = record_create
    update_service = record_update

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
        self.fields["tier"].readonly = True  # derived from the checklist, the services and the floor area
        self.fields["has_services"].readonly = True  # derived from the station's services (StationReview.clean)

    def column_help(self):
        notes = {
            "系统编号": _("新增时留空；修改已有评定时填写导出文件中的编号。"),
            "服务站": _("填写服务站名称（在您管理范围内唯一）或其系统编号。"),
            "等级": _("由“六有”、服务类别和面积按等级标准自动评定，导入时忽略。"),
            str(self.fields["has_services"].column_name): _("由服务站开展的服务类别自动得出，导入时忽略。"),
        }
        return [
            (column, notes.get(column, _("填“是”或“否”。") if column in self._yes_no_columns() else ""))
            for column in self.import_columns()
        ]

    def _yes_no_columns(self):
        return {str(f.column_name) for f in self.get_import_fields() if isinstance(f.widget, BooleanWidget)}


@register_resource("stations.servicerecord")
class ServiceRecordResource(ScopedResource):
    """The ledger stations already keep: one line per service given. The unions named in a line are handed to
    the ledger service with the record, which checks them against the station's host."""

    create_service = service_record_create
    update_service = service_record_update

    class Meta(ScopedResource.Meta):
        model = ServiceRecord
        fields = (
            "id", "station", "date", "category", "workers_served", "unions", "description", "follow_up_needed",
            "follow_up_done", "follow_up_done_on",
        )  # fmt: skip
        import_id_fields = ("id",)

    required = ("服务站", "服务日期", "服务类别", "服务内容")

    def writes_in_bulk(self, entry):
        return False  # the ledger service saves the unions with the record

    def write_row(self, entry):
        service = type(self).create_service if entry.new else type(self).update_service
        # A sheet without the unions column leaves an existing record's unions as they are.
        service(actor=self.user, instance=entry.instance, unions=entry.related.get("unions"))

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
            return field.widget.render(record.unions.all())
        value = field.get_value(record)
        return "" if value is None else field.widget.render(value)

    def column_help(self):
        notes = {
            "系统编号": _("新增时留空；修改已有台账时填写导出文件中的编号。"),
            "服务站": _("填写服务站名称（在您管理范围内唯一）或其系统编号。"),
            "服务日期": _("格式 2025-06-30，不能晚于今天。"),
            "服务类别": join_list(label for _v, label in ServiceCategory.choices),
            "服务职工人数": _("留空按 1 人计。"),
            "职工所在工会": _("知道时填写，多个用“、”分隔；须是服务站依托工会所辖的工会。"),
            "需要跟进": _("填“是”或“否”，留空为否。"),
            "已跟进": _("填“是”或“否”；只有需要跟进的才能填“是”。"),
            "跟进完成日期": _("已跟进时必填。"),
        }
        return super().column_help(notes)
