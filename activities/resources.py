"""Spreadsheet columns of activities: the template, the dry-run import and the export."""

from django.utils.translation import gettext as _

from core.imports import ScopedResource, register_resource
from core.services import record_create, record_update
from core.text import join_list

from .choices import ActivityCategory
from .models import Activity


@register_resource("activities.activity")
class ActivityResource(ScopedResource):
    create_service = record_create
    update_service = record_update

    class Meta(ScopedResource.Meta):
        model = Activity
        fields = ("id", "title", "date", "category", "organisation", "station", "home", "participants", "description")
        import_id_fields = ("id",)

    required = ("活动名称", "活动日期", "活动类别", "主办工会", "参与人数")

    def column_help(self):
        notes = {
            "系统编号": _("新增时留空；修改已有记录时填写导出文件中的编号。"),
            "活动日期": _("如 2025-03-08，不能晚于今天。"),
            "活动类别": join_list(label for _v, label in ActivityCategory.choices),
            "主办工会": _("填写12位区划代码、18位信用代码、完整路径或范围内唯一的名称。"),
            "使用的服务站": _("可不填；填服务站名称或系统编号，须是主办工会自己的、上级的或下级工会的服务站。"),
            "使用的职工之家": _("可不填；填职工之家名称或系统编号，规则同服务站。"),
        }
        return super().column_help(notes)
