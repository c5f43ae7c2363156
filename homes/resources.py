"""Spreadsheet columns of workers' homes. A home's facilities come in the same row, one area column per kind
(工会办公室面积 …), since that is how county returns list them; the functions of a facility made this way are
the usual ones for its kind (DEFAULT_FUNCTIONS) and can be changed on the home's page."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import OuterRef, Subquery, Sum
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.imports import ScopedResource, register_resource
from core.services import record_create, record_update
from core.text import join_list

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

    class Meta(ScopedResource.Meta):
        model = WorkersHome
        fields = (
            "id", "organisation", "name", "status", "status_date", "address", "latitude", "longitude", "book_volumes", "bookroom_sign",
            "bookroom_dedicated", "bookroom_shelves", "bookroom_computer", "digital_reading", "digital_platform",
            "lending_rules", "bookroom_keeper",
        )  # fmt: skip
        import_id_fields = ("id",)

    required = ("所属工会", "名称")

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # Column names stay Chinese whatever the user's language, like every other column, so files travel.
        with translation.override(settings.LANGUAGE_CODE):
            labels = {kind: str(label) for kind, label in FacilityKind.choices}
        for kind in AREA_KINDS:
            self.fields[area_attribute(kind)] = fields.Field(
                attribute=area_attribute(kind), column_name=f"{labels[kind]}面积（㎡）", widget=AreaWidget()
            )

    def read_cells(self, entry, fields):
        # The area columns are no fields of a home: they go with it to write_row, one facility per kind.
        area_fields = [f for f in fields if f.attribute.startswith("area_")]
        super().read_cells(entry, [f for f in fields if f not in area_fields])
        areas = {}
        for field in area_fields:
            if str(field.column_name) not in entry.row:
                continue
            try:
                area = field.clean(entry.row)
            except ValueError as exc:
                entry.fail(field.attribute, str(exc))
                continue
            if area is not None:  # a blank cell leaves the facility as it is
                areas[field.attribute.removeprefix("area_")] = area
        if areas:
            entry.related["areas"] = areas

    def write_row(self, entry):
        home = entry.instance
        (record_create if entry.new else record_update)(actor=self.user, instance=home)
        areas = entry.related.get("areas", {})
        existing = {f.kind: f for f in Facility.objects.filter(home=home, kind__in=list(areas))} if areas else {}
        for kind, area in areas.items():
            facility = existing.get(kind)
            if facility is None:
                facility = Facility(home=home, kind=kind, area=area)
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
        return super().column_help(notes)
