"""会's reminder sources (core/reminders.py gives the contract): chairs' terms ending within 90 days or lapsed,
and a county's annual returns still missing near their deadline. Each goes to the officers whose desk the
union or county is on (core.reminders.nearest_writers)."""

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.reminders import Reminder, nearest_writers
from orgs.choices import Level
from orgs.models import Organisation

from .choices import EDITABLE_PERIOD_STATES
from .models import Registration, ReturnPeriod, default_due_on

# Returns are reminded of from this many days before their deadline to this many days after it.
RETURNS_WARNING_DAYS = 30
RETURNS_OVERDUE_DAYS = 30

ELECTION_SOON = gettext_noop("%(union)s的主席任期将于%(date)s届满，请在届满前组织换届选举。")
ELECTION_LAPSED = gettext_noop("%(union)s的主席任期已于%(date)s届满，请尽快组织换届选举。")
RETURNS_SOON = gettext_noop("%(unit)s%(year)s年度填报将于%(date)s截止，还有%(missing)s个基层工会未填报。")
RETURNS_OVERDUE = gettext_noop("%(unit)s%(year)s年度填报已于%(date)s截止，仍有%(missing)s个基层工会未填报。")


def election_reminders():
    registrations = list(
        Registration.objects.filter(organisation__status="active")
        .election("due")
        .select_related("organisation")
        .only(
            "pk",
            "next_election_due",
            "organisation__name",
            "organisation__parent_id",
            "organisation__province_id",
            "organisation__prefecture_id",
            "organisation__county_id",
            "organisation__township_id",
        )  # fmt: skip
    )
    today = timezone.localdate()
    writers = nearest_writers([r.organisation for r in registrations])
    for registration in registrations:
        lapsed = registration.next_election_due < today
        state = "lapsed" if lapsed else "soon"
        for user in writers.get(registration.organisation_id, []):
            yield Reminder(
                user=user,
                kind=f"unions.election_{state}",
                text=ELECTION_LAPSED if lapsed else ELECTION_SOON,
                params={"union": registration.organisation.name, "date": registration.next_election_due.isoformat()},
                url=registration.get_absolute_url(),
                key=f"unions.election:{registration.pk}:{registration.next_election_due.isoformat()}:{state}",
                organisation=registration.organisation,
            )


def return_reminders():
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        periods = {p.unit_id: p for p in ReturnPeriod.objects.filter(year=year)}
        due_units = []
        for unit in Organisation.objects.filter(level=Level.COUNTY, status="active"):
            period = periods.get(unit.pk)
            due = period.due_on if period else default_due_on(year)
            if period is not None and period.state not in EDITABLE_PERIOD_STATES:
                continue  # submitted or approved: nothing left to remind of
            if (
                due - datetime.timedelta(days=RETURNS_WARNING_DAYS)
                <= today
                <= due + datetime.timedelta(days=RETURNS_OVERDUE_DAYS)
            ):
                due_units.append((unit, due))
        if not due_units:
            continue
        ids = [unit.pk for unit, _due in due_units]
        # the units are counties: their expected unions are the county's active grassroots unions, and a union
        # is missing while it has no return of the year (unions.selectors.expected_unions / missing_unions)
        missing_by_unit = dict(
            Organisation.objects.filter(level=Level.GRASSROOTS, status="active", county__in=ids)
            .exclude(annual_returns__year=year)
            .order_by()
            .values("county")
            .annotate(n=Count("pk"))
            .values_list("county", "n")
        )
        writers = nearest_writers([unit for unit, _due in due_units])
        for unit, due in due_units:
            missing = missing_by_unit.get(unit.pk, 0)
            if missing <= 0:
                continue
            stage = "overdue" if today > due else "soon"
            for user in writers.get(unit.pk, []):
                yield Reminder(
                    user=user,
                    kind=f"unions.returns_{stage}",
                    text=RETURNS_OVERDUE if stage == "overdue" else RETURNS_SOON,
                    params={"unit": unit.name, "year": year, "date": due.isoformat(), "missing": missing},
                    url=f"/unions/completeness/?year={year}",
                    key=f"unions.returns:{unit.pk}:{year}:{due.isoformat()}:{stage}",
                    organisation=unit,
                )
