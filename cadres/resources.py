"""Spreadsheet columns of the cadre app: one Resource per model for the template, the import and the export.

Cadres are named in other sheets the way officers know them: their union (code or path) and their name."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from core.imports import ChoiceWidget, DateWidget, IntegerWidget, ScopedResource, TextWidget, register_resource
from core.scope import CHANGE
from core.services import record_create, record_update
from core.text import join_list
from orgs.models import Organisation
from orgs.resources import OrganisationRefWidget

from .choices import ContactWay, Employment, Ethnicity, Gender, Grade, Post, Selection
from .models import AppraisalIndicator, Cadre, CadreAppraisal, ContactAssignment, ContactLog, format_score
from .selectors import with_phone_shown
from .services import appraisal_create, appraisal_save, appraisal_update

ORG_COLUMN = "干部所在工会"
ORG_HELP = gettext_lazy(
    "填写12位区划代码、18位信用代码或完整路径（如 青海省总工会/西宁市总工会/城东区总工会），也可填范围内唯一的名称。"
)


def date_widget():
    return DateWidget()


class CadreRefWidget(widgets.Widget):
    """A cadre named by the union in the row's ORG_COLUMN and their name, within the importer's write scope.
    A current cadre is preferred over one who has left; two current namesakes in one union must be told apart
    by hand."""

    def __init__(self, user, **kwargs):
        self.user = user
        self._orgs = OrganisationRefWidget(lambda: Organisation.objects.restrict(user, CHANGE))
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        name = "" if value is None else str(value).strip()
        org_text = (row or {}).get(ORG_COLUMN)
        if not name:
            raise ValueError(_("请填写干部姓名。"))
        if org_text in (None, ""):
            raise ValueError(_("请在“%(col)s”列填写该干部所在的工会。") % {"col": ORG_COLUMN})
        try:
            org = self._orgs.clean(org_text)
        except ValueError as exc:
            raise ValueError(_("干部所在工会：%(reason)s") % {"reason": exc}) from None
        matches = list(
            Cadre.objects.restrict(self.user, CHANGE).filter(organisation=org, name=name).order_by("left_on", "-pk")[:3]
        )
        current = [c for c in matches if c.left_on is None]
        if not matches:
            raise ValueError(_("“%(org)s”没有名为“%(name)s”的干部，请先登记该干部。") % {"org": org.name, "name": name})
        if len(current) > 1:
            raise ValueError(
                _("“%(org)s”有多名现任干部名为“%(name)s”，请在页面上录入此行。") % {"org": org.name, "name": name}
            )
        return current[0] if current else matches[0]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, Cadre):
            return value.name
        return self.render_many({value})[value]

    def render_many(self, ids):
        wanted = {i for i in ids if i is not None}
        return dict(Cadre.objects.filter(pk__in=wanted).values_list("pk", "name"))


class UserWidget(widgets.Widget):
    """Who appraised: shown by full name (or login), never imported."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if hasattr(value, "get_username"):
            return value.get_full_name() or value.get_username()
        return self.render_many({value}).get(value, "")

    def render_many(self, ids):
        users = get_user_model().objects.filter(pk__in={i for i in ids if i is not None})
        return {u.pk: u.get_full_name() or u.get_username() for u in users}


class ScoreWidget(widgets.Widget):
    def __init__(self, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            return Decimal(text).quantize(Decimal("0.1"))
        except InvalidOperation:
            raise ValueError(_("“%(v)s”不是数字。") % {"v": text}) from None

    def render(self, value, obj=None, **kwargs):
        return format_score(value)


class RowResource(ScopedResource):
    """Shared by the cadre app's sheets: a blank 系统编号 is a new record; a filled one must be in scope."""

    create_service = record_create
    update_service = record_update

    notes = {}

    def extra_notes(self):
        return {}

    def column_help(self):
        notes = {"系统编号": _("新增时留空；修改已有记录时填写导出文件中的编号。"), **self.notes}
        notes.update(self.extra_notes())
        return super().column_help(notes)


def choice_note(choices):
    from django.utils.functional import lazy

    return lazy(lambda: _("可填：") + join_list(label for _v, label in choices), str)()


def cadre_ref_fields(resource):
    resource.fields["cadre"].widget = CadreRefWidget(resource.user)
    resource.fields["cadre_org"].widget = OrganisationRefWidget(lambda: Organisation.objects.none())


@register_resource("cadres.cadre")
class CadreResource(RowResource):
    id = fields.Field(attribute="id", column_name="系统编号", widget=IntegerWidget())
    organisation = fields.Field(attribute="organisation", column_name="所在工会")
    name = fields.Field(attribute="name", column_name="姓名", widget=TextWidget())
    gender = fields.Field(attribute="gender", column_name="性别", widget=ChoiceWidget(Gender.choices))
    ethnicity = fields.Field(attribute="ethnicity", column_name="民族", widget=ChoiceWidget(Ethnicity.choices))
    post = fields.Field(attribute="post", column_name="职务", widget=ChoiceWidget(Post.choices))
    employment = fields.Field(attribute="employment", column_name="任职类型", widget=ChoiceWidget(Employment.choices))
    selection = fields.Field(attribute="selection", column_name="产生方式", widget=ChoiceWidget(Selection.choices))
    appointed_on = fields.Field(attribute="appointed_on", column_name="任职日期", widget=date_widget())
    left_on = fields.Field(attribute="left_on", column_name="离任日期", widget=date_widget())
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=TextWidget())
    note = fields.Field(attribute="note", column_name="备注", widget=TextWidget())

    class Meta(ScopedResource.Meta):
        model = Cadre
        fields = (
            "id", "organisation", "name", "gender", "ethnicity", "post", "employment", "selection", "appointed_on",
            "left_on", "phone", "note",
        )  # fmt: skip
        import_id_fields = ("id",)

    required = ("所在工会", "姓名", "性别", "民族", "职务", "任职类型", "产生方式", "任职日期")
    notes = {
        "所在工会": ORG_HELP,
        "性别": choice_note(Gender.choices),
        "民族": choice_note(Ethnicity.choices),
        "职务": choice_note(Post.choices),
        "任职类型": choice_note(Employment.choices),
        "产生方式": choice_note(Selection.choices),
        "任职日期": gettext_lazy("如 2021-06-30，不能晚于今天。"),
        "离任日期": gettext_lazy("已离任才填写，不能早于任职日期。"),
        "联系电话": gettext_lazy("手机号（11位）或含区号的固定电话（如 0971-8123456）。"),
    }

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["organisation"].widget = OrganisationRefWidget(self.get_org_queryset)

    def extra_notes(self):
        return {"系统编号": _("可留空：留空时按“所在工会 + 姓名”找到现任干部则更新该干部，找不到则新增。")}

    def get_org_queryset(self):
        return Organisation.objects.restrict(self.user, CHANGE)

    def instance_for(self, entry, key, found):
        """A row without 系统编号 updates the current cadre of that name in that union, if there is one, so that
        a county's sheet imported again corrects its cadres instead of entering them twice."""
        instance = super().instance_for(entry, key, found)
        if instance is not None:
            return instance
        row = entry.row
        name = str(row.get("姓名") or "").strip()
        try:
            org = self.fields["organisation"].widget.clean(row.get("所在工会"))
        except ValueError:
            return None  # reported on its column when the row is read
        if org is None or not name:
            return None
        matches = list(self.get_queryset().filter(organisation=org, name=name, left_on__isnull=True)[:2])
        if len(matches) > 1:
            raise ValueError(
                _("“%(org)s”有多名现任干部名为“%(name)s”，请填写系统编号以区分。") % {"org": org.name, "name": name}
            )
        return matches[0] if matches else None

    def get_export_fields(self, selected_fields=None):
        # Exports carry the phone as the reader may see it (masked unless they may edit that cadre).
        shown = fields.Field(attribute="phone_shown", column_name="联系电话", widget=TextWidget())
        return [shown if f.attribute == "phone" else f for f in super().get_export_fields(selected_fields)]

    def export_rows(self, queryset, chunk_size=5000):
        return super().export_rows(with_phone_shown(queryset, self.user), chunk_size)


class IndicatorColumnsMixin:
    """One column per appraisal indicator: the active ones, and any other already scored in what is exported."""

    def add_indicator_fields(self):
        self.indicators = list(AppraisalIndicator.objects.filter(active=True))
        for indicator in self.indicators:
            self.fields[f"score_{indicator.pk}"] = fields.Field(
                attribute=f"score_{indicator.pk}", column_name=indicator.name, widget=ScoreWidget(indicator)
            )


@register_resource("cadres.cadreappraisal")
class CadreAppraisalResource(IndicatorColumnsMixin, RowResource):
    create_service = appraisal_create
    update_service = appraisal_update

    id = fields.Field(attribute="id", column_name="系统编号", widget=IntegerWidget())
    cadre_org = fields.Field(attribute="cadre__organisation", column_name=ORG_COLUMN, readonly=True)
    cadre = fields.Field(attribute="cadre", column_name="干部姓名")
    year = fields.Field(attribute="year", column_name="考核年度", widget=IntegerWidget())
    total = fields.Field(attribute="total", column_name="总分", readonly=True, widget=ScoreWidget(None))
    grade = fields.Field(attribute="grade", column_name="考核等次", readonly=True, widget=ChoiceWidget(Grade.choices))
    grade_override = fields.Field(
        attribute="grade_override", column_name="调整等次", widget=ChoiceWidget(Grade.choices)
    )
    override_reason = fields.Field(attribute="override_reason", column_name="调整理由", widget=TextWidget())
    appraised_on = fields.Field(attribute="appraised_on", column_name="考核日期", widget=date_widget())
    appraised_by = fields.Field(attribute="appraised_by", column_name="考核人", readonly=True, widget=UserWidget())
    comment = fields.Field(attribute="comment", column_name="考核评语", widget=TextWidget())

    class Meta(ScopedResource.Meta):
        model = CadreAppraisal
        fields = (
            "id", "cadre_org", "cadre", "year", "total", "grade", "grade_override", "override_reason",
            "appraised_on", "appraised_by", "comment",
        )  # fmt: skip
        import_id_fields = ("id",)

    required = (ORG_COLUMN, "干部姓名", "考核年度", "考核日期")

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        cadre_ref_fields(self)
        self.add_indicator_fields()

    def _ordered(self):
        names = list(self._meta.fields)
        at = names.index("year") + 1
        return tuple(names[:at] + [f"score_{i.pk}" for i in self.indicators] + names[at:])

    def get_import_order(self):
        return self._ordered()

    def get_export_order(self):
        return self._ordered()

    @property
    def notes(self):
        notes = {
            ORG_COLUMN: ORG_HELP,
            "干部姓名": _("该工会现任干部的姓名；干部须先在“工会干部”中登记。"),
            "考核年度": _("如 2025；每名干部每年只考核一次。"),
            "总分": _("导出时给出，导入时由各项得分自动计算。"),
            "考核等次": _("导出时给出，导入时按总分自动评定。"),
            "调整等次": _("一般留空；确需调整等次时填写，并填写调整理由。") + choice_note(Grade.choices),
            "考核人": _("导入时为导入人。"),
        }
        for indicator in self.indicators:
            notes[indicator.name] = _("得分，0–%(max)s 分。") % {"max": format_score(indicator.max_score)}
        return notes

    def read_cells(self, entry, fields):
        # The indicator columns are no fields of an appraisal: their scores go to the service with it.
        score_fields = [f for f in fields if f.attribute.startswith("score_")]
        super().read_cells(entry, [f for f in fields if f not in score_fields])
        by_pk = {i.pk: i for i in self.indicators}
        pairs = []
        for field in score_fields:
            try:
                score = field.clean(entry.row) if str(field.column_name) in entry.row else None
            except ValueError as exc:
                entry.fail(field.attribute, str(exc))
                continue
            if score is not None:
                pairs.append((by_pk[int(field.attribute.removeprefix("score_"))], score))
        instance = entry.instance
        if instance.pk is not None:
            # Indicators no longer active keep their stored scores on an update.
            pairs += [(s.indicator, s.score) for s in instance.scores.all() if s.indicator_id not in by_pk]
        entry.related["scores"] = pairs

    def write_row(self, entry):
        appraisal_save(actor=self.user, instance=entry.instance, scores=entry.related["scores"])

    def export_rows(self, queryset, chunk_size=2000):
        """Headers and rows with one column per indicator: scores are pivoted in Python, a chunk at a time."""
        export_fields = self.get_export_fields()
        yield [str(f.column_name) for f in export_fields]
        ids = list(queryset.prefetch_related(None).values_list("pk", flat=True))
        for start in range(0, len(ids), chunk_size):
            chunk = ids[start : start + chunk_size]
            rows = {
                a.pk: a
                for a in CadreAppraisal.objects.filter(pk__in=chunk)
                .select_related("cadre__organisation", "appraised_by")
                .prefetch_related("scores")
            }
            paths = OrganisationRefWidget(None).render_many({a.cadre.organisation_id for a in rows.values()})
            for pk in chunk:
                appraisal = rows[pk]
                scores = {s.indicator_id: s.score for s in appraisal.scores.all()}
                yield [self._cell(f, appraisal, scores, paths) for f in export_fields]

    def _cell(self, field, appraisal, scores, paths):
        attribute = field.attribute
        if attribute.startswith("score_"):
            return format_score(scores.get(int(attribute.removeprefix("score_"))))
        if attribute == "cadre__organisation":
            return paths.get(appraisal.cadre.organisation_id, "")
        if attribute == "cadre":
            return appraisal.cadre.name
        if attribute == "appraised_by":
            user = appraisal.appraised_by
            return (user.get_full_name() or user.get_username()) if user else ""
        value = getattr(appraisal, attribute)
        if attribute == "total":
            return format_score(value)
        return "" if value is None else field.widget.render(value)


@register_resource("cadres.contactassignment")
class ContactAssignmentResource(RowResource):
    id = fields.Field(attribute="id", column_name="系统编号", widget=IntegerWidget())
    cadre_org = fields.Field(attribute="cadre__organisation", column_name=ORG_COLUMN, readonly=True)
    cadre = fields.Field(attribute="cadre", column_name="干部姓名")
    union = fields.Field(attribute="union", column_name="联系的基层工会")
    start_on = fields.Field(attribute="start_on", column_name="开始日期", widget=date_widget())
    end_on = fields.Field(attribute="end_on", column_name="结束日期", widget=date_widget())
    note = fields.Field(attribute="note", column_name="备注", widget=TextWidget())

    class Meta(ScopedResource.Meta):
        model = ContactAssignment
        fields = ("id", "cadre_org", "cadre", "union", "start_on", "end_on", "note")
        import_id_fields = ("id",)

    required = (ORG_COLUMN, "干部姓名", "联系的基层工会", "开始日期")
    notes = {
        ORG_COLUMN: ORG_HELP,
        "干部姓名": gettext_lazy("该工会现任干部的姓名。"),
        "联系的基层工会": gettext_lazy("须在干部所在工会的管辖范围内；填写信用代码、完整路径或范围内唯一的名称。"),
        "结束日期": gettext_lazy("长期联系可留空。"),
    }

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        cadre_ref_fields(self)
        self.fields["union"].widget = OrganisationRefWidget(lambda: Organisation.objects.restrict(user, CHANGE))


@register_resource("cadres.contactlog")
class ContactLogResource(RowResource):
    id = fields.Field(attribute="id", column_name="系统编号", widget=IntegerWidget())
    cadre_org = fields.Field(attribute="cadre__organisation", column_name=ORG_COLUMN, readonly=True)
    cadre = fields.Field(attribute="cadre", column_name="干部姓名")
    union = fields.Field(attribute="union", column_name="联系的基层工会")
    date = fields.Field(attribute="date", column_name="联系日期", widget=date_widget())
    way = fields.Field(attribute="way", column_name="联系方式", widget=ChoiceWidget(ContactWay.choices))
    workers_reached = fields.Field(
        attribute="workers_reached", column_name="联系职工人数", widget=IntegerWidget(), default=0
    )
    issues = fields.Field(attribute="issues", column_name="职工反映的问题", widget=TextWidget())
    follow_up = fields.Field(attribute="follow_up", column_name="跟进处理情况", widget=TextWidget())

    class Meta(ScopedResource.Meta):
        model = ContactLog
        fields = ("id", "cadre_org", "cadre", "union", "date", "way", "workers_reached", "issues", "follow_up")
        import_id_fields = ("id",)

    required = (ORG_COLUMN, "干部姓名", "联系的基层工会", "联系日期", "联系方式")
    notes = {
        ORG_COLUMN: ORG_HELP,
        "干部姓名": gettext_lazy("该工会现任干部的姓名。"),
        "联系的基层工会": gettext_lazy("须是已安排该干部联系的基层工会。"),
        "联系方式": choice_note(ContactWay.choices),
    }

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        cadre_ref_fields(self)
        self.fields["union"].widget = OrganisationRefWidget(lambda: Organisation.objects.restrict(user, CHANGE))
