"""Spreadsheet columns of organisations: one Resource for the template, import and export."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.imports import ChoiceWidget, LookupWidget, ScopedResource, TextWidget, register_resource
from core.text import join_list

from .choices import Industry, Level, Ownership, RegionClass, RegionType, Status
from .models import PATH_RELATED, Organisation
from .services import organisation_bulk_create, organisation_create, organisation_update

PATH_SEPARATORS = ("/", "／", ">", "＞")


class OrganisationRefWidget(LookupWidget):
    """An organisation cell: a 12-digit division code, an 18-character credit code, a full path
    (青海省总工会/西宁市总工会/城东区总工会) or a name that is unique within the user's scope.
    Lookups are limited to `queryset` (the importer's write scope), so nothing outside it can be named."""

    def __init__(self, queryset_fn, **kwargs):
        self.queryset_fn = queryset_fn
        super().__init__(**kwargs)

    def resolve(self, text):
        queryset = self.queryset_fn()
        if text.isdigit() and len(text) == 12:
            matches = list(queryset.filter(division_code=text)[:2])
        elif len(text) == 18 and text.isascii() and text.isalnum():  # not an 18-character Chinese name
            matches = list(queryset.filter(credit_code=text.upper())[:2])
        elif any(sep in text for sep in PATH_SEPARATORS):
            return self._resolve_path(text, queryset)
        else:
            matches = list(queryset.filter(name=text)[:2])
        if not matches:
            raise ValueError(_("找不到“%(v)s”，或它不在您的管理范围内。") % {"v": text})
        if len(matches) > 1:
            raise ValueError(_("“%(v)s”对应多个组织，请改填区划代码、信用代码或完整路径（用“/”分隔）。") % {"v": text})
        return matches[0]

    def _resolve_path(self, text, queryset):
        normalised = text
        for sep in PATH_SEPARATORS[1:]:
            normalised = normalised.replace(sep, "/")
        names = [part.strip() for part in normalised.split("/") if part.strip()]
        not_found = _("找不到“%(v)s”，或它不在您的管理范围内。") % {"v": text}
        node = None
        for name in names:
            child = Organisation.objects.filter(parent=node, name=name).first()
            if child is None:
                # Say which part is missing only below a node the user may see into: elsewhere that would tell
                # which organisations outside their scope exist.
                if node is not None and queryset.filter(pk=node.pk).exists():
                    raise ValueError(_("找不到路径“%(v)s”中的“%(n)s”。") % {"v": text, "n": name})
                raise ValueError(not_found)
            node = child
        if node is None or not queryset.filter(pk=node.pk).exists():
            raise ValueError(not_found)
        return node

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "/".join(node.name for node in value.path())

    def render_many(self, ids):
        """Full paths of many organisations by id, from one query for them and one per level above."""
        paths = {}
        wanted = {i for i in ids if i is not None}
        nodes = {}
        pending = wanted
        while pending:
            fetched = Organisation.objects.filter(pk__in=pending).values_list("pk", "name", "parent_id")
            pending = set()
            for pk, name, parent_id in fetched:
                nodes[pk] = (name, parent_id)
                if parent_id is not None and parent_id not in nodes:
                    pending.add(parent_id)
        for pk in wanted:
            names, node = [], pk
            while node is not None and node in nodes:
                name, node = nodes[node]
                names.append(name)
            paths[pk] = "/".join(reversed(names))
        return paths


@register_resource("orgs.organisation")
class OrganisationResource(ScopedResource):
    create_service = organisation_create
    update_service = organisation_update

    id = fields.Field(attribute="id", column_name="系统编号", widget=widgets.IntegerWidget())
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    short_name = fields.Field(attribute="short_name", column_name="简称", widget=TextWidget())
    level = fields.Field(attribute="level", column_name="层级", widget=ChoiceWidget(Level.choices))
    parent = fields.Field(attribute="parent", column_name="上级组织")
    division_code = fields.Field(attribute="division_code", column_name="统计用区划代码", widget=TextWidget())
    credit_code = fields.Field(attribute="credit_code", column_name="统一社会信用代码", widget=TextWidget())
    industry = fields.Field(attribute="industry", column_name="行业门类", widget=ChoiceWidget(Industry.choices))
    ownership = fields.Field(attribute="ownership", column_name="经济类型", widget=ChoiceWidget(Ownership.choices))
    region_type = fields.Field(attribute="region_type", column_name="地区类型", widget=ChoiceWidget(RegionType.choices))
    region_class = fields.Field(
        attribute="region_class", column_name="地区类别", widget=ChoiceWidget(RegionClass.choices)
    )
    address = fields.Field(attribute="address", column_name="地址", widget=TextWidget())
    contact_person = fields.Field(attribute="contact_person", column_name="联系人", widget=TextWidget())
    contact_phone = fields.Field(attribute="contact_phone", column_name="联系电话", widget=TextWidget())
    status = fields.Field(attribute="status", column_name="状态", widget=ChoiceWidget(Status.choices), readonly=True)

    class Meta(ScopedResource.Meta):
        model = Organisation
        fields = (
            "id", "name", "short_name", "level", "parent", "division_code", "credit_code", "industry",
            "ownership", "region_type", "region_class", "address", "contact_person", "contact_phone", "status",
        )  # fmt: skip
        import_id_fields = ("id",)

    required = ("名称", "层级", "上级组织")

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["parent"].widget = OrganisationRefWidget(self.get_queryset)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # New grassroots unions wait here and are attached in one go at the end (organisation_bulk_create):
        # one renumbering of the tree instead of one per row.
        self._pending = []
        self._pending_names = set()
        self._pending_codes = set()

    def save_instance(self, instance, is_create, row, **kwargs):
        if not (is_create and instance.level == Level.GRASSROOTS and instance.parent_id):
            return super().save_instance(instance, is_create, row, **kwargs)
        # The model's rules have run (validate_instance); what they cannot see is a clash with another row
        # of the same file, since those rows are not in the database yet.
        errors = {}
        if (instance.parent_id, instance.name) in self._pending_names:
            errors["name"] = _("文件中同一上级组织下有两行都名为“%(name)s”。") % {"name": instance.name}
        if instance.credit_code and instance.credit_code in self._pending_codes:
            errors["credit_code"] = _("文件中有两行使用同一个统一社会信用代码。")
        if errors:
            raise ValidationError(errors)
        self._pending_names.add((instance.parent_id, instance.name))
        if instance.credit_code:
            self._pending_codes.add(instance.credit_code)
        self._pending.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._pending and not result.has_errors() and not result.has_validation_errors():
            organisation_bulk_create(actor=self.user, instances=self._pending)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except ValueError:
            if not (field.attribute == "parent" and self._names_current_parent(instance, row)):
                raise

    def _names_current_parent(self, instance, row):
        """True when the row keeps an existing organisation under the parent it has now. An exported file holds
        the user's own top organisation, whose parent lies above their scope: naming it is no move, so it
        stands, while any other out-of-scope parent is still refused."""
        if instance.pk is None or instance.parent_id is None:
            return False
        current = OrganisationRefWidget(lambda: Organisation.objects.filter(pk=instance.parent_id))
        try:
            return current.clean(row.get(str(self.fields["parent"].column_name))) is not None
        except ValueError:
            return False

    def filter_export(self, queryset, **kwargs):
        # Joined, not prefetched: import-export pages through a prefetching queryset with OFFSET (minutes at
        # 100,000 rows) but streams a plain one with a server-side cursor.
        return queryset.prefetch_related(None).select_related(PATH_RELATED)

    def column_help(self):
        notes = {
            "系统编号": _("新增时留空；修改已有组织时填写导出文件中的编号。"),
            "名称": _("同一上级组织下不能重名。"),
            "层级": _("可填：") + join_list(label for _v, label in Level.choices),
            "上级组织": _("填写12位区划代码、18位信用代码或完整路径（如 青海省总工会/西宁市总工会/城东区总工会）。"),
            "统计用区划代码": _("12位数字，可不填。"),
            "统一社会信用代码": _("18位，按 GB 32100 校验，可不填。"),
            "行业门类": _("GB/T 4754 门类，如“C 制造业”或“C”。"),
            "经济类型": join_list(label for _v, label in Ownership.choices),
            "地区类型": join_list(label for _v, label in RegionType.choices),
            "状态": _("导出时给出，导入时忽略；撤销、合并请在组织页面操作。"),
        }
        return [(column, notes.get(column, "")) for column in self.import_columns()]
