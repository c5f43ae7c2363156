"""Spreadsheet columns of workers' homes. A home's facilities come in the same row, one area column per kind
(工会办公室面积 …), since that is how county returns list them; the functions of a facility made this way are
the usual ones for its kind (DEFAULT_FUNCTIONS) and can be changed on the home's page."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import OuterRef, Subquery, Sum
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.imports import BooleanWidget, ChoiceWidget, ScopedResource, TextWidget, register_resource
from core.services import record_create, record_update
from core.text import join_list
from orgs.resources import OrganisationRefWidget

from .choices import DEFAULT_FUNCTIONS, FacilityKind, Function, HomeStatus
from .models import Facility, WorkersHome


class AreaWidget(widgets.Widget):
    """An area in m²: blank is "not given", anything else a positive number."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            area = Decimal(text).quantize(Decimal("0.1"))
        except InvalidOperation as exc:
            raise ValueError(_("“%(v)s”不是面积数字（平方米）。") % {"v": value}) from exc
        if not Decimal("0.1") <= area <= Decimal("100000"):
            raise ValueError(_("面积须在 0.1 至 100000 平方米之间。"))
        return area

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


AREA_KINDS = [kind for kind, _label in FacilityKind.choices if kind != FacilityKind.OTHER]


def area_attribute(kind):
    return f"area_{kind}"


@register_resource("homes.workershome")
class WorkersHomeResource(ScopedResource):
    create_service = record_create
    update_service = record_update

    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
    organisation = fields.Field(attribute="organisation", column_name="所属工会")
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    status = fields.Field(attribute="status", column_name="状态", widget=ChoiceWidget(HomeStatus.choices))
    status_date = fields.Field(attribute="status_date", column_name="状态日期", widget=widgets.DateWidget())
    address = fields.Field(attribute="address", column_name="地址", widget=TextWidget())
    book_volumes = fields.Field(attribute="book_volumes", column_name="书屋藏书（册）", widget=widgets.IntegerWidget())
    digital_reading = fields.Field(attribute="digital_reading", column_name="有数字阅读平台", widget=BooleanWidget())
    digital_platform = fields.Field(attribute="digital_platform", column_name="数字阅读平台名称", widget=TextWidget())
    lending_rules = fields.Field(attribute="lending_rules", column_name="借阅制度", widget=TextWidget())
    bookroom_keeper = fields.Field(attribute="bookroom_keeper", column_name="书屋管理员", widget=TextWidget())

    class Meta(ScopedResource.Meta):
        model = WorkersHome
        fields = (
            "id", "organisation", "name", "status", "status_date", "address", "book_volumes", "digital_reading",
            "digital_platform", "lending_rules", "bookroom_keeper",
        )  # fmt: skip
        import_id_fields = ("id",)

    required = ("所属工会", "名称")

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["organisation"].widget = OrganisationRefWidget(self._organisations)
        # Column names stay Chinese whatever the user's language, like every other column, so files travel.
        with translation.override(settings.LANGUAGE_CODE):
            labels = {kind: str(label) for kind, label in FacilityKind.choices}
        for kind in AREA_KINDS:
            self.fields[area_attribute(kind)] = fields.Field(
                attribute=area_attribute(kind), column_name=f"{labels[kind]}面积（㎡）", widget=AreaWidget()
            )

    def _organisations(self):
        from core.scope import CHANGE
        from orgs.models import Organisation

        return Organisation.objects.restrict(self.user, CHANGE)

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        existing = {f.kind: f for f in Facility.objects.filter(home=instance, kind__in=AREA_KINDS)}
        for kind in AREA_KINDS:
            area = getattr(instance, area_attribute(kind), None)
            if area is None:
                continue  # a blank cell leaves the facility as it is
            facility = existing.get(kind)
            if facility is None:
                facility = Facility(home=instance, kind=kind, area=area)
                facility.functions = DEFAULT_FUNCTIONS[kind]
                record_create(actor=self.user, instance=facility)
            elif facility.area != area:
                facility.area = area
                record_update(actor=self.user, instance=facility)

    def export_rows(self, queryset, chunk_size=5000):
        annotations = {
            area_attribute(kind): Subquery(
                Facility.objects.filter(home=OuterRef("pk"), kind=kind)
                .order_by()
                .values("home")
                .annotate(total=Sum("area"))
                .values("total")[:1]
            )
            for kind in AREA_KINDS
        }
        return super().export_rows(queryset.annotate(**annotations), chunk_size)

    def column_help(self):
        defaults = dict(Function.choices)
        notes = {
            "系统编号": _("新增时留空；修改已有记录时填写导出文件中的编号。"),
            "所属工会": _("填写12位区划代码、18位信用代码、完整路径或范围内唯一的名称；每个工会只登记一个职工之家。"),
            "状态": join_list(label for _v, label in HomeStatus.choices),
            "状态日期": _("如 2024-05-01；已停用的须填写。"),
            "有数字阅读平台": _("填“是”或“否”；填“是”时须写平台名称。"),
        }
        for kind in AREA_KINDS:
            column = self.fields[area_attribute(kind)].column_name
            functions = join_list(defaults[f] for f in sorted(DEFAULT_FUNCTIONS[kind])) or "—"
            notes[column] = _("有该阵地时填写面积；新建的阵地默认提供：%(f)s，可在页面上修改。") % {"f": functions}
        return [(column, notes.get(column, "")) for column in self.import_columns()]
