import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import PathColumn, PortalTable

from .choices import EmployerStatus, ItemState, PeriodState
from .models import AnnualReturn, Registration, ReturnPeriod, SixHasItem, UnorganisedEmployer

STATE_CSS = {
    ItemState.MET: "text-bg-success",
    ItemState.PARTLY: "text-bg-warning",
    ItemState.NOT_MET: "text-bg-danger",
    PeriodState.OPEN: "text-bg-light border",
    PeriodState.SUBMITTED: "text-bg-info",
    PeriodState.RETURNED: "text-bg-warning",
    PeriodState.APPROVED: "text-bg-success",
    EmployerStatus.IDENTIFIED: "text-bg-light border",
    EmployerStatus.CONTACTED: "text-bg-info",
    EmployerStatus.PREPARING: "text-bg-warning",
    EmployerStatus.ESTABLISHED: "text-bg-success",
}


def badge(value, label):
    """A state as a coloured badge, the same in lists, panels and pages; approved returns show a lock."""
    css = STATE_CSS.get(value, "text-bg-light border")
    if value == PeriodState.APPROVED:
        return format_html('<span class="badge {}"><i class="bi bi-lock"></i> {}</span>', css, label)
    return format_html('<span class="badge {}">{}</span>', css, label)


def percent(value):
    return "—" if value is None else f"{value:.0%}"


def election_badge(record):
    if record.next_election_due is None:
        return "—"
    days = record.election_days_left
    if days < 0:
        return format_html(
            '{} <span class="badge text-bg-danger">{}</span>',
            record.next_election_due,
            _("超期%(d)d天") % {"d": -days},
        )
    if record.election_soon:
        return format_html(
            '{} <span class="badge text-bg-warning">{}</span>', record.next_election_due, _("%(d)d天后") % {"d": days}
        )
    return str(record.next_election_due)


class RegistrationTable(PortalTable):
    tablet_hidden = ("employer_name",)
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("基层工会"))
    path = PathColumn(accessor="organisation")
    employer_name = tables.Column()
    chair_name = tables.Column()
    members = tables.Column()
    membership_rate = tables.Column(verbose_name=_("入会率"), orderable=False, empty_values=())
    next_election_due = tables.Column()

    class Meta(PortalTable.Meta):
        model = Registration
        fields = ("organisation", "path", "employer_name", "chair_name", "members", "membership_rate",
                  "next_election_due")  # fmt: skip
        order_by = ("next_election_due",)

    def render_membership_rate(self, record):
        return percent(record.membership_rate)

    def render_next_election_due(self, record):
        return election_badge(record)


class SixHasItemTable(PortalTable):
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("基层工会"))
    path = PathColumn(accessor="organisation")
    item = tables.Column()
    state = tables.Column()
    assessed_on = tables.Column()

    class Meta(PortalTable.Meta):
        model = SixHasItem
        fields = ("organisation", "path", "item", "state", "assessed_on")

    def render_state(self, record):
        return badge(record.state, record.get_state_display())


class AnnualReturnTable(PortalTable):
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("基层工会"))
    path = PathColumn(accessor="organisation")
    year = tables.Column()
    employees = tables.Column()
    members = tables.Column()
    six_has_met = tables.Column()
    state = tables.Column(accessor="period__state", verbose_name=_("填报状态"))

    class Meta(PortalTable.Meta):
        model = AnnualReturn
        fields = ("organisation", "path", "year", "employees", "members", "six_has_met", "state")

    def render_state(self, record):
        return badge(record.period.state, record.period.get_state_display())


class ReturnPeriodTable(PortalTable):
    tablet_hidden = ("submitted_at", "decided_at")
    unit = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("填报单位"))
    path = PathColumn(accessor="unit")
    year = tables.Column()
    state = tables.Column()
    due_on = tables.Column()
    submitted_at = tables.Column()
    decided_at = tables.Column()

    class Meta(PortalTable.Meta):
        model = ReturnPeriod
        fields = ("unit", "path", "year", "state", "due_on", "submitted_at", "decided_at")

    def render_state(self, record):
        return badge(record.state, record.get_state_display())


class UnorganisedEmployerTable(PortalTable):
    name = tables.Column(linkify=True)
    area = tables.Column(verbose_name=_("所在地工会"))
    credit_code = tables.Column()
    employees = tables.Column()
    status = tables.Column()
    status_on = tables.Column()

    class Meta(PortalTable.Meta):
        model = UnorganisedEmployer
        fields = ("name", "area", "credit_code", "employees", "status", "status_on")

    def render_area(self, record):
        return record.area.name

    def render_status(self, record):
        return badge(record.status, record.get_status_display())
