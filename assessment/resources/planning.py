"""Spreadsheet columns of plans, targets, coordination groups and allocations. Targets import: export a plan's
targets (filter by plan), change 目标值 (or 手工填报完成值 of a free indicator) and import the sheet back."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.imports import ChoiceWidget, DecimalWidget, LookupWidget, ScopedResource, TextWidget, register_resource
from core.scope import CHANGE
from core.services import record_create, record_update
from orgs.resources import OrganisationRefWidget

from ..models.planning import (
    CoordinationGroup,
    FundSource,
    PlanIndicator,
    ResourceAllocation,
    ResourceKind,
    Target,
    TargetPlan,
)


class NumberWidget(DecimalWidget):
    """A target or actual: a number, as typed (95, 95%, 1,200), to two decimals."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().rstrip("%")
        number = super().clean(text, row, **kwargs)
        if number is None:
            return None
        try:
            return number.quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValueError(_("“%(v)s”不是数字。") % {"v": value}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:g}"


class IndicatorWidget(LookupWidget):
    """A plan indicator by its 系统编号, within the importer's write scope."""

    def __init__(self, user, **kwargs):
        self.user = user
        super().__init__(**kwargs)

    def resolve_many(self, texts):
        ids = {int(t) for t in texts if t.isdigit() and len(t) < 19}
        found = PlanIndicator.objects.restrict(self.user, CHANGE).in_bulk(ids) if ids else {}
        known = {str(pk): indicator for pk, indicator in found.items()}
        return {text: known[text] if text in known else self.missing(text) for text in texts}

    @staticmethod
    def missing(text):
        return ValueError(_("找不到编号为“%(v)s”的目标指标，或它不在您的管理范围内。") % {"v": text})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, "pk", value))

    def render_many(self, ids):
        return {i: "" if i is None else str(i) for i in ids}


@register_resource("assessment.target")
class TargetResource(ScopedResource):
    create_service = record_create
    update_service = record_update

    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
    indicator = fields.Field(attribute="indicator", column_name="目标指标")
    indicator_name = fields.Field(attribute="indicator__name", column_name="指标名称", readonly=True)
    figure = fields.Field(attribute="indicator__figure", column_name="统计指标", readonly=True)
    plan = fields.Field(attribute="indicator__plan__name", column_name="目标计划", readonly=True)
    year = fields.Field(attribute="indicator__plan__year", column_name="年度", readonly=True)
    organisation = fields.Field(attribute="organisation", column_name="责任单位")
    value = fields.Field(attribute="value", column_name="目标值", widget=NumberWidget())
    measured = fields.Field(attribute="measured", column_name="手工填报完成值", widget=NumberWidget())
    note = fields.Field(attribute="note", column_name="备注", widget=TextWidget())

    class Meta(ScopedResource.Meta):
        model = Target
        fields = ("id", "indicator", "indicator_name", "figure", "plan", "year", "organisation", "value", "measured",
                  "note")  # fmt: skip
        import_id_fields = ("id",)

    required = ("目标指标", "责任单位", "目标值")

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        from orgs.models import Organisation

        self.fields["indicator"].widget = IndicatorWidget(user)
        self.fields["organisation"].widget = OrganisationRefWidget(
            lambda: Organisation.objects.restrict(self.user, CHANGE)
        )

    def column_help(self):
        notes = {
            "目标指标": _("目标计划页面上每个指标旁的编号。"),
            "责任单位": _("下达单位的直属下级，可填名称、区划代码或完整路径。"),
            "目标值": _("比率类指标填百分数（如 95），计数类填个数。"),
            "手工填报完成值": _("只有自定义指标填写；统计指标由系统计算。"),
        }
        return super().column_help(notes)


@register_resource("assessment.targetplan")
class TargetPlanResource(ScopedResource):
    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
    issuer = fields.Field(attribute="issuer__name", column_name="下达单位", readonly=True)
    year = fields.Field(attribute="year", column_name="年度")
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    parent = fields.Field(attribute="parent__name", column_name="分解自", readonly=True)

    class Meta(ScopedResource.Meta):
        model = TargetPlan
        fields = ("id", "issuer", "year", "name", "parent")
        import_id_fields = ("id",)


@register_resource("assessment.coordinationgroup")
class CoordinationGroupResource(ScopedResource):
    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
    organisation = fields.Field(attribute="organisation__name", column_name="所属工会", readonly=True)
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    leader_name = fields.Field(attribute="leader_name", column_name="组长（第一责任人）", widget=TextWidget())
    leader_post = fields.Field(attribute="leader_post", column_name="组长职务", widget=TextWidget())
    office_name = fields.Field(attribute="office_name", column_name="办公室", widget=TextWidget())
    office_phone = fields.Field(attribute="office_phone", column_name="办公室电话", widget=TextWidget())

    class Meta(ScopedResource.Meta):
        model = CoordinationGroup
        fields = ("id", "organisation", "name", "leader_name", "leader_post", "office_name", "office_phone")
        import_id_fields = ("id",)


@register_resource("assessment.resourceallocation")
class ResourceAllocationResource(ScopedResource):
    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
    year = fields.Field(attribute="year", column_name="年度")
    kind = fields.Field(attribute="kind", column_name="类别", widget=ChoiceWidget(ResourceKind.choices))
    giver = fields.Field(attribute="giver__name", column_name="配置单位", readonly=True)
    organisation = fields.Field(attribute="organisation__name", column_name="受援单位", readonly=True)
    amount = fields.Field(attribute="amount", column_name="金额（元）", widget=NumberWidget())
    source = fields.Field(attribute="source", column_name="经费来源", widget=ChoiceWidget(FundSource.choices))
    staff = fields.Field(attribute="staff", column_name="人数")
    venue = fields.Field(attribute="venue", column_name="场所", widget=TextWidget())
    note = fields.Field(attribute="note", column_name="说明", widget=TextWidget())

    class Meta(ScopedResource.Meta):
        model = ResourceAllocation
        fields = ("id", "year", "kind", "giver", "organisation", "amount", "source", "staff", "venue", "note")
        import_id_fields = ("id",)
