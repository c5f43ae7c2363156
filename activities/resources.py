"""Spreadsheet columns of activities: the template, the dry-run import and the export."""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.imports import ChoiceWidget, NamedRefWidget, ScopedResource, TextWidget, register_resource
from core.scope import CHANGE
from core.services import record_create, record_update
from core.text import join_list
from homes.models import WorkersHome
from orgs.models import Organisation
from orgs.resources import OrganisationRefWidget
from stations.models import ServiceStation

from .choices import ActivityCategory
from .models import Activity


@register_resource("activities.activity")
class ActivityResource(ScopedResource):
    create_service = record_create
    update_service = record_update

    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
    title = fields.Field(attribute="title", column_name="活动名称", widget=TextWidget())
    date = fields.Field(attribute="date", column_name="活动日期", widget=widgets.DateWidget())
    category = fields.Field(attribute="category", column_name="活动类别", widget=ChoiceWidget(ActivityCategory.choices))
    organisation = fields.Field(attribute="organisation", column_name="主办工会")
    station = fields.Field(attribute="station", column_name="服务站")
    home = fields.Field(attribute="home", column_name="职工之家")
    participants = fields.Field(attribute="participants", column_name="参与人数", widget=widgets.IntegerWidget())
    description = fields.Field(attribute="description", column_name="活动内容", widget=TextWidget())

    class Meta(ScopedResource.Meta):
        model = Activity
        fields = ("id", "title", "date", "category", "organisation", "station", "home", "participants", "description")
        import_id_fields = ("id",)

    required = ("活动名称", "活动日期", "活动类别", "主办工会", "参与人数")

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["organisation"].widget = OrganisationRefWidget(
            lambda: Organisation.objects.restrict(self.user, CHANGE)
        )
        self.fields["station"].widget = NamedRefWidget(
            lambda: ServiceStation.objects.restrict(self.user, CHANGE), _("服务站")
        )
        self.fields["home"].widget = NamedRefWidget(
            lambda: WorkersHome.objects.restrict(self.user, CHANGE), _("职工之家")
        )

    def column_help(self):
        notes = {
            "系统编号": _("新增时留空；修改已有记录时填写导出文件中的编号。"),
            "活动日期": _("如 2025-03-08，不能晚于今天。"),
            "活动类别": join_list(label for _v, label in ActivityCategory.choices),
            "主办工会": _("填写12位区划代码、18位信用代码、完整路径或范围内唯一的名称。"),
            "服务站": _("可不填；填服务站名称或系统编号，须是主办工会自己的、上级的或下级工会的服务站。"),
            "职工之家": _("可不填；填职工之家名称或系统编号，规则同服务站。"),
        }
        return [(column, notes.get(column, "")) for column in self.import_columns()]
