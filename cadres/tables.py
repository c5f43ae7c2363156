import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.tables import PortalTable

from .choices import Grade
from .models import Cadre, CadreAppraisal, ContactAssignment, ContactLog, format_score

GRADE_CSS = {
    Grade.EXCELLENT: "text-bg-success",
    Grade.COMPETENT: "text-bg-primary",
    Grade.BASIC: "text-bg-warning",
    Grade.INCOMPETENT: "text-bg-danger",
}


def org_cell(org):
    if org is None:
        return "—"
    parent = org.parent.name if org.parent_id else ""
    return format_html(
        '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>', org.get_absolute_url(), org.name, parent
    )


def grade_badge(code, label, overridden=False):
    mark = "*" if overridden else ""
    return format_html('<span class="badge {}">{}{}</span>', GRADE_CSS.get(code, "text-bg-secondary"), label, mark)


class CadreTable(PortalTable):
    tablet_hidden = ("gender", "ethnicity", "employment", "selection")
    wide_first_column = False
    name = tables.Column(linkify=True, verbose_name=_("姓名"))
    organisation = tables.Column(verbose_name=_("所在工会"), order_by=("organisation__tree_id", "organisation__lft"))
    post = tables.Column(verbose_name=_("职务"))
    gender = tables.Column(verbose_name=_("性别"))
    ethnicity = tables.Column(verbose_name=_("民族"))
    employment = tables.Column(verbose_name=_("任职类型"))
    selection = tables.Column(verbose_name=_("产生方式"))
    appointed_on = tables.DateColumn(format="Y-m-d", verbose_name=_("任职日期"))
    phone = tables.Column(verbose_name=_("联系电话"), orderable=False)
    left_on = tables.Column(verbose_name=_("在任情况"), empty_values=())

    class Meta(PortalTable.Meta):
        model = Cadre
        fields = (
            "name", "organisation", "post", "gender", "ethnicity", "employment", "selection", "appointed_on",
            "phone", "left_on",
        )  # fmt: skip

    def render_organisation(self, value):
        return org_cell(value)

    def render_phone(self, record):
        # `may_edit` comes from the list's annotation (cadres.selectors.with_may_edit): masked unless editable.
        return record.phone_shown or "—"

    def render_left_on(self, record):
        if record.left_on is None:
            return format_html('<span class="badge text-bg-success">{}</span>', _("现任"))
        return format_html(
            '<span class="badge text-bg-secondary">{}</span> <span class="small">{}</span>',
            _("已离任"),
            f"{record.left_on:%Y-%m-%d}",
        )


class CadreAppraisalTable(PortalTable):
    cadre = tables.Column(verbose_name=_("干部"), linkify=lambda record: record.get_absolute_url())
    organisation = tables.Column(
        accessor="cadre__organisation",
        verbose_name=_("所在工会"),
        order_by=("cadre__organisation__tree_id", "cadre__organisation__lft"),
    )
    year = tables.Column(verbose_name=_("考核年度"))
    total = tables.Column(verbose_name=_("总分"))
    grade = tables.Column(verbose_name=_("考核等次"))
    appraised_on = tables.DateColumn(format="Y-m-d", verbose_name=_("考核日期"))
    appraised_by = tables.Column(verbose_name=_("考核人"), orderable=False)

    class Meta(PortalTable.Meta):
        model = CadreAppraisal
        fields = ("cadre", "organisation", "year", "total", "grade", "appraised_on", "appraised_by")

    def render_cadre(self, record):
        return str(record)

    def render_organisation(self, value):
        return org_cell(value)

    def render_total(self, value):
        return format_score(value)

    def render_grade(self, record):
        return grade_badge(record.grade, record.get_grade_display(), record.grade_is_overridden)

    def render_appraised_by(self, value):
        return value.get_full_name() or value.get_username()


class ContactAssignmentTable(PortalTable):
    cadre = tables.Column(verbose_name=_("联系干部"), linkify=lambda record: record.get_absolute_url())
    cadre_org = tables.Column(accessor="cadre__organisation", verbose_name=_("干部所在工会"), orderable=False)
    union = tables.Column(verbose_name=_("联系的基层工会"), order_by=("union__tree_id", "union__lft"))
    start_on = tables.DateColumn(format="Y-m-d", verbose_name=_("开始日期"))
    end_on = tables.DateColumn(format="Y-m-d", verbose_name=_("结束日期"))

    class Meta(PortalTable.Meta):
        model = ContactAssignment
        fields = ("cadre", "cadre_org", "union", "start_on", "end_on")

    def render_cadre(self, record):
        return str(record)

    def render_cadre_org(self, value):
        return value.name

    def render_union(self, value):
        return org_cell(value)


class ContactLogTable(PortalTable):
    # Reads as the whole record ("date cadre → union", render_date), so it wraps like text.
    date = tables.DateColumn(format="Y-m-d", verbose_name=_("联系日期"), linkify=True, attrs={"td": {"class": "wrap"}})
    cadre = tables.Column(verbose_name=_("干部"), order_by=("cadre__name",))
    union = tables.Column(verbose_name=_("联系的基层工会"), order_by=("union__tree_id", "union__lft"))
    way = tables.Column(verbose_name=_("联系方式"))
    workers_reached = tables.Column(verbose_name=_("联系职工人数"))
    issues = tables.Column(verbose_name=_("职工反映的问题"), orderable=False)

    class Meta(PortalTable.Meta):
        model = ContactLog
        fields = ("date", "cadre", "union", "way", "workers_reached", "issues")

    def render_date(self, record):
        return str(record)

    def render_cadre(self, value):
        return value.name

    def render_union(self, value):
        return org_cell(value)

    def render_issues(self, value):
        return Truncator(value).chars(40)
