"""Spreadsheet columns of the 会 records. Unions are named by division code, credit code, full path or a
name unique in the importer's scope (orgs.resources.OrganisationRefWidget); other columns come from the
models' Chinese names (core.imports.ScopedResource)."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from core.imports import ScopedResource, register_resource
from core.scope import CHANGE, VIEW
from core.services import record_create, record_update
from core.text import join_list
from orgs.choices import Level
from orgs.models import PATH_RELATED, Organisation
from orgs.resources import OrganisationRefWidget

from .choices import SixHas
from .models import AnnualReturn, Registration, ReturnPeriod, SixHasItem, UnorganisedEmployer
from .services import annual_return_save, registration_save

UNION_HELP = gettext_lazy(  # lazy: read in the language of each request, not at import
    "填写基层工会的18位信用代码、完整路径（如 青海省总工会/西宁市总工会/城东区总工会/某某公司工会）或在您范围内唯一的名称。"
)


class UnionResource(ScopedResource):
    """A resource whose rows belong to one union each, named in the 基层工会 column."""

    union_levels = (Level.GRASSROOTS,)
    union_attribute = "organisation"

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields[self.union_attribute].widget.queryset_fn = self.union_queryset

    def instance_queryset(self, queryset):
        return queryset.select_related(f"{self.union_attribute}__{PATH_RELATED}")

    def union_queryset(self):
        return Organisation.objects.restrict(self.user, CHANGE).filter(level__in=self.union_levels, status="active")

    def column_help(self):
        notes = dict(self.notes())
        return super().column_help(notes)

    def notes(self):
        return [(str(self.fields[self.union_attribute].column_name), UNION_HELP)]


@register_resource("unions.registration")
class RegistrationResource(UnionResource):
    """One row per union; a union that already has a registration is updated, otherwise one is created."""

    # a sheet carries no other units: the rules count the stored ones (Registration.clean_rows, per batch)
    create_service = registration_save
    update_service = registration_save

    class Meta(ScopedResource.Meta):
        model = Registration
        fields = (
            "organisation", "employer_name", "employer_credit_code", "employer_ownership", "employer_industry",
            "is_joint", "employees", "members", "female_members", "migrant_members", "new_forms_members",
            "founded_on", "legal_cert_no", "legal_cert_on", "chair_name", "chair_gender", "chair_ethnicity",
            "chair_elected_on", "chair_term_years", "chair_kind", "chair_trained_on", "vice_chairs",
            "committee_members", "funds_committee_on", "women_committee_on", "branch_unions", "union_groups",
            "independent_account", "funds_remitted", "workers_congress", "open_affairs", "collective_contract_on",
            "wage_contract_on", "women_contract_on", "safety_contract_on",
        )  # fmt: skip
        import_id_fields = ("organisation",)

    required = ("基层工会", "单位名称")
    PARENT_COLUMN = "上级组织"

    def import_columns(self):
        # 上级组织 is no field of a registration: it is read only to register a union the tree lacks yet.
        columns = super().import_columns()
        return columns[:1] + [self.PARENT_COLUMN] + columns[1:]

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self._seen = set()

    def _parent_cell(self, row):
        value = row.get(self.PARENT_COLUMN)
        return "" if value is None else str(value).strip()

    def find_instances(self, entries):
        """A county's sheet may list unions the tree does not hold yet: with 上级组织 filled in, the union is
        registered in the tree first (validated like the form's, attached with the batch's other new unions in
        one go), then its registration saved. The whole import still writes nothing unless every row is valid."""
        from orgs.choices import PARENT_LEVELS

        field = self.fields["organisation"]
        column = str(field.column_name)
        field.widget.prefetch([e.row.get(column) for e in entries])
        parents = OrganisationRefWidget(
            lambda: Organisation.objects.restrict(self.user, CHANGE).filter(level__in=PARENT_LEVELS, status="active")
        )
        unknown = []
        for entry in entries:
            if not self._parent_cell(entry.row):
                continue
            try:
                field.clean(entry.row)
            except ValueError:
                unknown.append(entry)
        if unknown:
            parents.prefetch([self._parent_cell(e.row) for e in unknown])
            self._register_unions(unknown, parents, field, column)
        super().find_instances([e for e in entries if not e.errors])

    def _register_unions(self, entries, parents, field, column):
        """The new unions of a batch, set-based: parents resolved together, validated together (a fixed number
        of queries), created in one tree attachment. A row whose union cannot be made says why; two rows
        naming the same new union make it once (check_batch then refuses the second row)."""
        from core.validation import validate_many
        from orgs.services import organisation_bulk_create

        failed = _("登记新工会失败：")
        made = {}  # the union's cell key → (instance, entries)
        for entry in entries:
            key = OrganisationRefWidget.key(entry.row.get(column))
            if key in made:
                made[key][1].append(entry)
                continue
            try:
                union = self._new_union(entry.row, parents.clean(self._parent_cell(entry.row)))
            except (ValueError, ValidationError) as exc:
                reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                entry.fail("organisation", failed + reason)
                continue
            made[key] = (union, [entry])
        pending = list(made.items())
        found = validate_many([union for _key, (union, _entries) in pending])
        valid = []
        for index, (key, (union, named)) in enumerate(pending):
            if index in found:
                reason = " ".join(message for messages in found[index].values() for message in messages)
                for entry in named:
                    entry.fail("organisation", failed + reason)
            else:
                valid.append((key, union))
        if not valid:
            return
        try:
            with transaction.atomic():
                organisation_bulk_create(actor=self.user, instances=[union for _key, union in valid], validated=True)
        except (ValueError, ValidationError, PermissionDenied) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            for key, _union in valid:
                for entry in made[key][1]:
                    entry.fail("organisation", failed + reason)
            return
        for key, union in valid:
            field.widget._cache[key] = union

    def _new_union(self, row, parent):
        union = Organisation(
            name=str(row.get(str(self.fields["organisation"].column_name)) or "").strip(),
            level=Level.GRASSROOTS,
            parent=parent,
        )
        # Not the employer's credit code: the union has its own (81…), never the employer's.
        for source, target in (("employer_industry", "industry"), ("employer_ownership", "ownership")):
            column = str(self.fields[source].column_name)
            if row.get(column) not in (None, ""):
                setattr(union, target, self.fields[source].widget.clean(row.get(column)))
        return union

    def instance_queryset(self, queryset):
        # The covered units' employees count towards the membership rate that clean() checks: loaded with the
        # batch, not asked per row.
        return super().instance_queryset(queryset).prefetch_related("covered_employers")

    def writes_in_bulk(self, entry):
        # Registration.save() only derives what derive_on_save() does, which the bulk services run too; a sheet
        # carries no other units, so the batch checks (validate_many: clean_row, clean_rows) are the service's.
        return not entry.related

    def check_batch(self, entries):
        for entry in entries:
            if entry.instance is None or entry.errors:
                continue
            if entry.instance.organisation_id in self._seen:
                entry.fail("organisation", _("文件中有两行是同一个基层工会。"))
            self._seen.add(entry.instance.organisation_id)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation")

    def notes(self):
        return super().notes() + [
            ("职工人数", _("本单位职工人数；联合基层工会的其他覆盖单位请在系统页面中逐一填写。")),
            ("会员人数", _("不能多于职工人数；女职工、农民工、新就业形态会员都不能多于会员人数。")),
            ("主席当选日期", _("不能早于建会日期；据此和任期计算下次换届时间。")),
            ("单位统一社会信用代码", _("18位，第3–8位应为本县（或其上级）登记机关的区划码。")),
            ("联合基层工会", _("填“是”或“否”。")),
            (
                self.PARENT_COLUMN,
                _(
                    "只在登记系统中还没有的新基层工会时填写：其上级组织的区划代码、完整路径或名称；系统先建立该工会，再保存登记信息。"
                ),
            ),
        ]


@register_resource("unions.sixhasitem")
class SixHasItemResource(UnionResource):
    create_service = record_create
    update_service = record_update

    class Meta(ScopedResource.Meta):
        model = SixHasItem
        fields = ("organisation", "item", "state", "note", "override_reason", "assessed_on")
        import_id_fields = ("organisation", "item")

    required = ("基层工会", "项目", "达标情况")

    def check_entries(self, entries):
        for entry in entries:
            if entry.instance is not None and entry.instance.assessed_by_id is None:
                entry.instance.assessed_by = self.user

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation")

    def notes(self):
        return super().notes() + [
            ("项目", _("可填：") + join_list(label for _v, label in SixHas.choices)),
            ("达标情况", _("达标、部分达标或未达标。")),
        ]


@register_resource("unions.annualreturn")
class AnnualReturnResource(UnionResource):
    create_service = annual_return_save
    update_service = annual_return_save

    class Meta(ScopedResource.Meta):
        model = AnnualReturn
        fields = (
            "organisation", "year", "employees", "members", "female_members", "migrant_members",
            "new_forms_members", "funds_committee", "women_committee", "six_has_met", "note",
        )  # fmt: skip
        import_id_fields = ("organisation", "year")

    required = ("基层工会", "年度", "职工人数", "会员人数")

    def find_instances(self, entries):
        super().find_instances(entries)
        # A return the importer may read but not change is locked by its period: say so, rather than "already
        # exists" (one query for the batch).
        keyed = []
        for entry in entries:
            if entry.new and entry.instance is not None:
                org = self.fields["organisation"].clean(entry.row)
                keyed.append((entry, (getattr(org, "pk", None), self.fields["year"].clean(entry.row))))
        keys = [key for _entry, key in keyed if key[0] and key[1]]
        if not keys:
            return
        locked = (
            AnnualReturn.objects.restrict(self.user, VIEW)
            .filter(organisation__in={org for org, _year in keys}, year__in={year for _org, year in keys})
            .select_related("period")
        )
        by_key = {(existing.organisation_id, existing.year): existing for existing in locked}
        for entry, key in keyed:
            existing = by_key.get(key)
            if existing is not None:
                entry.fail(
                    NON_FIELD_ERRORS,
                    _("%(period)s状态为“%(state)s”，不能导入修改；如需更正，请联系上级工会退回。")
                    % {"period": existing.period, "state": existing.period.get_state_display()},
                )
                entry.instance = None

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation")

    def notes(self):
        return super().notes() + [
            ("年度", _("四位年份，如 2026。已报送或已审核的年度不能再导入修改。")),
            (
                "六有达标项数",
                _("由六有评定自动得出；已建经费审查委员会、女职工委员会由建会登记得出，本列填写的不采用。"),
            ),
        ]


@register_resource("unions.unorganisedemployer")
class UnorganisedEmployerResource(UnionResource):
    create_service = record_create
    update_service = record_update
    union_levels = (Level.COUNTY, Level.TOWNSHIP)
    union_attribute = "area"

    class Meta(ScopedResource.Meta):
        model = UnorganisedEmployer
        fields = (
            "id", "area", "name", "credit_code", "employees", "industry", "ownership", "address", "contact_person",
            "contact_phone", "status", "status_on", "note",
        )  # fmt: skip
        import_id_fields = ("id",)

    required = ("所在县（乡镇）工会", "单位名称")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("area")

    def notes(self):
        return [
            ("系统编号", _("新增时留空；修改已有记录时填写导出文件中的编号。")),
            ("所在县（乡镇）工会", _("单位所在的县（区）或乡镇（街道）工会：区划代码、完整路径或名称。")),
            ("进展", _("已摸排、已联系、筹建中；“已建会”请在系统页面中选择新建的工会。")),
        ]


@register_resource("unions.returnperiod")
class ReturnPeriodResource(ScopedResource):
    """Export only: periods change through submit, approve and send back, never through a spreadsheet."""

    unit = fields.Field(
        attribute="unit", column_name="填报单位", widget=OrganisationRefWidget(Organisation.objects.none)
    )
    submitted_by = fields.Field(attribute="submitted_by__username", column_name="报送人")
    decided_by = fields.Field(attribute="decided_by__username", column_name="审核人")

    class Meta(ScopedResource.Meta):
        model = ReturnPeriod
        fields = ("unit", "year", "state", "due_on", "submitted_by", "submitted_at", "decided_by", "decided_at",
                  "comment")  # fmt: skip
