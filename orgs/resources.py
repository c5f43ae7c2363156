"""Spreadsheet columns of organisations: one Resource for the template, import and export."""

from django.utils.translation import gettext as _

from core.imports import LookupWidget, ScopedResource, register_reference_widget, register_resource
from core.text import join_list

from .choices import Level, Ownership, RegionType
from .models import PATH_RELATED, Organisation
from .services import organisation_bulk_create, organisation_create, organisation_update

PATH_SEPARATORS = ("/", "／", ">", "＞")


class OrganisationRefWidget(LookupWidget):
    """An organisation cell: a 12-digit division code, an 18-character credit code, a full path
    (青海省总工会/西宁市总工会/城东区总工会) or a name that is unique within the user's scope.
    Lookups are limited to `queryset_fn()` (the importer's write scope), so nothing outside it can be named;
    a batch's cells are resolved together, a few queries whatever their number."""

    @staticmethod
    def kind(text):
        if text.isdigit() and len(text) == 12:
            return "division_code"
        if len(text) == 18 and text.isascii() and text.isalnum():  # not an 18-character Chinese name
            return "credit_code"
        if any(sep in text for sep in PATH_SEPARATORS):
            return "path"
        return "name"

    @staticmethod
    def path_names(text):
        normalised = text
        for sep in PATH_SEPARATORS[1:]:
            normalised = normalised.replace(sep, "/")
        return [part.strip() for part in normalised.split("/") if part.strip()]

    def resolve_many(self, texts):
        queryset = self.queryset_fn().select_related(PATH_RELATED)
        groups = {}
        for text in texts:
            groups.setdefault(self.kind(text), set()).add(text)
        matches = {}
        for kind in ("division_code", "credit_code", "name"):
            values = groups.get(kind)
            if not values:
                continue
            wanted = {v.upper() for v in values} if kind == "credit_code" else values
            for org in queryset.filter(**{f"{kind}__in": wanted}):
                matches.setdefault((kind, getattr(org, kind)), []).append(org)
        found = {}
        for kind, values in groups.items():
            if kind == "path":
                found.update(self._resolve_paths(values, queryset))
                continue
            for text in values:
                orgs = matches.get((kind, text.upper() if kind == "credit_code" else text), [])
                if not orgs:
                    found[text] = ValueError(_("找不到“%(v)s”，或它不在您的管理范围内。") % {"v": text})
                elif len(orgs) > 1:
                    found[text] = ValueError(
                        _("“%(v)s”对应多个组织，请改填区划代码、信用代码或完整路径（用“/”分隔）。") % {"v": text}
                    )
                else:
                    found[text] = orgs[0]
        return found

    def _resolve_paths(self, texts, queryset):
        """Paths by their last name, checked against the loaded ancestors. Which part of a path is missing is
        said only below a node in scope: elsewhere that would tell which organisations outside it exist."""
        found = {}
        names = {text: self.path_names(text) for text in texts}
        candidates = {}
        for org in queryset.filter(name__in={n[-1] for n in names.values() if n}):
            candidates.setdefault(org.name, []).append(org)
        for text, parts in names.items():
            not_found = ValueError(_("找不到“%(v)s”，或它不在您的管理范围内。") % {"v": text})
            hit = [org for org in candidates.get(parts[-1] if parts else "", []) if self._path_of(org) == parts]
            if hit:
                found[text] = hit[0]
                continue
            found[text] = self._missing_part(text, parts, queryset) or not_found
        return found

    @staticmethod
    def _path_of(org):
        names = []
        node = org
        while node is not None:
            names.append(node.name)
            # Only the ancestors PATH_RELATED loaded: a deeper path is read by _missing_part instead.
            node = node.parent if node.parent_id and "parent" in node._state.fields_cache else None
        return list(reversed(names))

    def _missing_part(self, text, parts, queryset):
        node = None
        for name in parts:
            child = Organisation.objects.filter(parent=node, name=name).first()
            if child is None:
                if node is not None and queryset.filter(pk=node.pk).exists():
                    return ValueError(_("找不到路径“%(v)s”中的“%(n)s”。") % {"v": text, "n": name})
                return None
            node = child
        if node is not None and queryset.filter(pk=node.pk).exists():
            return node
        return None

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


register_reference_widget(Organisation, OrganisationRefWidget)


@register_resource("orgs.organisation")
class OrganisationResource(ScopedResource):
    """New grassroots unions are written in one go after the last batch (organisation_bulk_create): one
    renumbering per tree for the whole file. Other levels and edits go through the single-record services,
    which lock and renumber their tree."""

    create_service = organisation_create
    update_service = organisation_update

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
        self.fields["status"].readonly = True  # exported; dissolving and merging have their own pages
        self._new_unions = []
        self._new_keys = set()

    def instance_queryset(self, queryset):
        return queryset.select_related(PATH_RELATED)

    def find_instances(self, entries):
        super().find_instances(entries)
        # An exported file holds the user's own top organisation, whose parent lies above their scope: naming
        # that parent is no move, so it stands, while any other out-of-scope parent is still refused.
        stored = [e for e in entries if e.instance is not None and not e.new and e.instance.parent_id]
        self._current_parents = OrganisationRefWidget(
            lambda: Organisation.objects.filter(pk__in={e.instance.parent_id for e in stored})
        )
        self._current_parents.prefetch([e.row.get(str(self.fields["parent"].column_name)) for e in stored])

    def read_cells(self, entry, fields):
        super().read_cells(entry, fields)
        if "parent" in entry.errors and not entry.new and entry.instance.parent_id:
            try:
                named = self._current_parents.clean(entry.row.get(str(self.fields["parent"].column_name)))
            except ValueError:
                named = None
            if named is not None and named.pk == entry.instance.parent_id:
                del entry.errors["parent"]

    def writes_in_bulk(self, entry):
        return entry.new and entry.instance.level == Level.GRASSROOTS and bool(entry.instance.parent_id)

    def check_batch(self, entries):
        # Rows of earlier batches wait for finish_import, so the database cannot see a clash with them yet.
        for entry in entries:
            if entry.errors or not self.writes_in_bulk(entry):
                continue
            instance = entry.instance
            if (instance.parent_id, instance.name) in self._new_keys:
                entry.fail("name", _("文件中同一上级组织下有两行都名为“%(name)s”。") % {"name": instance.name})
            if instance.credit_code and instance.credit_code in self._new_keys:
                entry.fail("credit_code", _("文件中有两行使用同一个统一社会信用代码。"))
            if not entry.errors:
                self._new_keys.add((instance.parent_id, instance.name))
                if instance.credit_code:
                    self._new_keys.add(instance.credit_code)

    def write_bulk(self, entries):
        self._new_unions.extend(entry.instance for entry in entries)

    def finish_import(self):
        organisation_bulk_create(actor=self.user, instances=self._new_unions, validated=True)

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
        return super().column_help(notes)
