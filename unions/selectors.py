"""会 reads: completeness of annual returns, elections due, and a union's 会 at a glance."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.scope import VIEW, subtree_q
from orgs.choices import Level
from orgs.models import Organisation

from .choices import ItemState, PeriodState, SixHas
from .models import AnnualReturn, Registration, ReturnPeriod, SixHasItem


def current_year():
    return timezone.localdate().year


def elections_due(*, user, queryset=None):
    """Registrations of active unions in `user`'s scope whose chair's term ends within 90 days or has lapsed,
    soonest (most overdue) first. `queryset` carries what the caller will show (e.g. paths)."""
    queryset = Registration.objects.select_related("organisation") if queryset is None else queryset
    return (
        queryset.restrict(user, VIEW)
        .filter(organisation__status="active")
        .election("due")
        .order_by("next_election_due", "pk")
    )


def on_time_q():
    """A return counts as on time when it came in by its period's due date: the one definition."""
    return Q(created__date__lte=F("period__due_on"))


def expected_unions(unit):
    """Active grassroots unions whose returns `unit`'s period should hold: those below a county, else the unit's
    direct grassroots children (a prefecture, industry or directly affiliated union). The one definition."""
    if unit.level == Level.COUNTY:
        return Organisation.objects.within(unit, strict=True).filter(level=Level.GRASSROOTS, status="active")
    return Organisation.objects.filter(level=Level.GRASSROOTS, status="active", parent=unit)


def missing_unions(period):
    return expected_unions(period.unit).exclude(annual_returns__year=period.year)


def completeness(*, user, year, within=None):
    """Per reporting unit in the user's scope (county unions), optionally inside `within`: returns expected,
    done and on time, the period's state, and a subtotal row after each prefecture's counties. The counts come
    from the figures return_completeness and return_on_time_rate (one definition), read from the maintained
    rollups when installed: a fixed number of queries and the same time whatever the size of the province."""
    units = Organisation.objects.restrict(user, VIEW).filter(level=Level.COUNTY, status="active")
    if within is not None:
        units = units.filter(subtree_q("", [within]))
    units = list(units.with_path().order_by("tree_id", "lft"))
    counts = _return_counts(user, units, year, within)
    periods = {
        p.unit_id: p
        for p in ReturnPeriod.objects.filter(year=year, unit__in=[u.pk for u in units]).select_related(
            "submitted_by", "decided_by"
        )
    }
    prefectures = Organisation.objects.in_bulk({u.prefecture_id for u in units if u.prefecture_id})
    # each prefecture's counties together, for its subtotal (tree_id orders only within one subtree root)
    units.sort(key=lambda u: (prefectures[u.prefecture_id].name if u.prefecture_id in prefectures else "", u.name))
    rows, subtotal = [], None

    def close(subtotal):
        if subtotal is not None and subtotal["count"] > 1:
            rows.append(_rated(subtotal))

    for unit in units:
        expected, done, on_time = counts.get(unit.pk, (0, 0, 0))
        period = periods.get(unit.pk)
        if subtotal is None or subtotal["unit"].pk != unit.prefecture_id:
            close(subtotal)
            prefecture = prefectures.get(unit.prefecture_id)
            subtotal = None
            if prefecture is not None:
                subtotal = {"subtotal": True, "unit": prefecture, "expected": 0, "done": 0, "on_time": 0, "count": 0}
        if subtotal is not None:
            subtotal["expected"] += expected
            subtotal["done"] += done
            subtotal["on_time"] += on_time
            subtotal["count"] += 1
        rows.append(
            _rated(
                {
                    "unit": unit,
                    "period": period,
                    "state": period.get_state_display() if period else PeriodState.OPEN.label,
                    "state_key": period.state if period else PeriodState.OPEN,
                    "expected": expected,
                    "done": done,
                    "on_time": on_time,
                }
            )
        )
    close(subtotal)
    return rows


def _rated(row):
    row["rate"] = (row["done"] / row["expected"]) if row["expected"] else None
    row["on_time_rate"] = (row["on_time"] / row["expected"]) if row["expected"] else None
    return row


def _return_counts(user, units, year, within):
    """{county id: (expected, done, on time)} of the counties `units`."""
    from core.registry import registry
    from orgs.selectors import organisation_tree_roots

    keys = ["return_completeness", "return_on_time_rate"]
    reader = registry.rollups
    roots = [within] if within is not None else organisation_tree_roots(user=user)
    counts = {}
    if reader is not None and roots and all(reader.is_bucket(root) for root in roots):
        wanted = {u.pk for u in units}
        with reader.checked(year):
            for root in roots:
                found = reader.sums(root, year, figures=keys, by=F("bucket__county_id"))
                for county in wanted:
                    done, expected = found.get((county, keys[0]), (0, 0))
                    on_time, _expected = found.get((county, keys[1]), (0, 0))
                    if expected or done:
                        counts[county] = (expected or 0, done, on_time)
        return counts
    ids = [u.pk for u in units]
    expected = dict(
        Organisation.objects.filter(level=Level.GRASSROOTS, status="active", county__in=ids)
        .order_by()
        .values_list("county")
        .annotate(n=Count("pk"))
    )
    returns = (
        AnnualReturn.objects.filter(year=year, organisation__county__in=ids, organisation__status="active",
                                    organisation__level=Level.GRASSROOTS)
        .order_by()
        .values("organisation__county")
        .annotate(done=Count("pk"), on_time=Count("pk", filter=on_time_q()))
    )  # fmt: skip
    done = {row["organisation__county"]: (row["done"], row["on_time"]) for row in returns}
    return {pk: (expected.get(pk, 0), *done.get(pk, (0, 0))) for pk in ids}


def six_has_compliant_unions():
    """Ids of the unions meeting all six "六有" items: the one definition filters and figures use."""
    return (
        SixHasItem.objects.filter(state=ItemState.MET)
        .values("organisation")
        .annotate(n=Count("pk"))
        .filter(n=len(SixHas))
        .values("organisation")
    )


def six_has_summary(organisation):
    """(met count, the items not met with their state, item → record) for one union."""
    items = {i.item: i for i in SixHasItem.objects.filter(organisation=organisation).prefetch_related("evidence")}
    met = sum(1 for i in items.values() if i.state == ItemState.MET)
    missing = [(choice, items.get(choice)) for choice in SixHas if getattr(items.get(choice), "state", None) != "met"]
    return met, missing, items


def with_glance(queryset, year=None):
    """Organisations with what the 会 panel shows of a grassroots union, read in the same query: the
    registration, its covered employers' head count, the state of each "六有" item and this year's return with
    its period's state (see union_glance). Scalar subqueries on indexed (organisation, …) columns."""
    from django.db.models import Sum

    from .models import CoveredEmployer

    year = year or current_year()
    annual = AnnualReturn.objects.filter(organisation=OuterRef("pk"), year=year).order_by("pk")
    covered = (
        CoveredEmployer.objects.filter(registration__organisation=OuterRef("pk"))
        .values("registration")
        .annotate(total=Sum("employees"))
        .values("total")
    )
    items = {
        f"glance_six_has_{choice.value}": Subquery(
            SixHasItem.objects.filter(organisation=OuterRef("pk"), item=choice).values("state")[:1]
        )
        for choice in SixHas
    }
    return queryset.select_related("registration").annotate(
        glance_year=Value(year, output_field=IntegerField()),
        glance_covered=Coalesce(Subquery(covered[:1]), 0),
        glance_annual=Subquery(annual.values("pk")[:1]),
        glance_annual_period=Subquery(annual.values("period_id")[:1]),
        glance_annual_state=Subquery(annual.values("period__state")[:1]),
        **items,
    )


def _loaded_glance(organisation, year):
    """(registration, six-has records by item, annual return) from with_glance's columns, or None when the
    organisation was not read with them (for that year)."""
    loaded = organisation.__dict__
    if loaded.get("glance_year") != year:
        return None
    try:
        registration = organisation.registration
    except Registration.DoesNotExist:
        registration = None
    if registration is not None:
        registration.covered_employees_sum = loaded["glance_covered"]
    items = {}
    for choice in SixHas:
        state = loaded[f"glance_six_has_{choice.value}"]
        if state is not None:
            items[choice] = SixHasItem(organisation=organisation, item=choice, state=state)
    annual = None
    if loaded["glance_annual"] is not None:
        period = None
        if loaded["glance_annual_period"] is not None:
            period = ReturnPeriod(pk=loaded["glance_annual_period"], state=loaded["glance_annual_state"])
        annual = AnnualReturn(pk=loaded["glance_annual"], organisation=organisation, year=year, period=period)
    return registration, items, annual


def union_glance(*, organisation, year=None):
    """The 会 panel of a grassroots union's page; no query when `organisation` was read through with_glance."""
    year = year or current_year()
    loaded = _loaded_glance(organisation, year)
    if loaded is not None:
        registration, items, annual = loaded
        met = sum(1 for i in items.values() if i.state == ItemState.MET)
        missing = [
            (choice, items.get(choice)) for choice in SixHas if getattr(items.get(choice), "state", None) != "met"
        ]
    else:
        registration = (
            Registration.objects.filter(organisation=organisation).prefetch_related("covered_employers").first()
        )
        met, missing, _items = six_has_summary(organisation)
        annual = AnnualReturn.objects.filter(organisation=organisation, year=year).select_related("period").first()
    from django.utils.translation import gettext as _

    from core.text import join_list

    missing_text = join_list(
        _("%(item)s（%(state)s）")
        % {"item": item.label, "state": record.get_state_display() if record else _("未评定")}
        for item, record in missing
    )
    return {
        "registration": registration,
        "six_has_missing_text": missing_text,
        "six_has_met": met,
        "six_has_total": len(SixHas),
        "six_has_missing": missing,
        "annual": annual,
        "year": year,
    }


def unit_glance(*, user, organisation, year=None):
    """The 会 panel of a county (or higher) union's page: this year's returns and what needs attention."""
    year = year or current_year()
    period = ReturnPeriod.objects.filter(unit=organisation, year=year).first()
    registrations = Registration.objects.restrict(user, VIEW).filter(
        subtree_q("organisation__", [organisation], strict=True), organisation__status="active"
    )
    return {
        "period": period,
        "year": year,
        "lapsed": registrations.election("lapsed").count(),
        "due_soon": registrations.election("soon").count(),
    }


def waiting_for(user):
    """Home-page items: lapsed elections to organise, returns waiting for this user's approval, and returns
    sent back to this user's unit."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from core.scope import CHANGE, has_any_scope, is_unrestricted, role_nodes

    if not has_any_scope(user, CHANGE):
        return []
    items = []
    lapsed = (
        Registration.objects.restrict(user, CHANGE).filter(organisation__status="active").election("lapsed").count()
    )
    items.append(
        {"label": _("基层工会超期未换届"), "count": lapsed, "url": reverse("unions:elections_due") + "?election=lapsed"}
    )
    periods = ReturnPeriod.objects.restrict(user, CHANGE)
    submitted = periods.filter(state=PeriodState.SUBMITTED)
    if not is_unrestricted(user):
        # only periods of units strictly below one of the user's write roles: theirs to approve
        submitted = submitted.filter(subtree_q("unit__", role_nodes(user, CHANGE), strict=True))
    items.append(
        {
            "label": _("待审核的年度填报"),
            "count": submitted.count(),
            "url": reverse("unions:returnperiod_list") + "?state=submitted",
        }
    )
    items.append(
        {
            "label": _("被退回需修改的年度填报"),
            "count": periods.filter(state=PeriodState.RETURNED).count(),
            "url": reverse("unions:returnperiod_list") + "?state=returned",
        }
    )
    return items


# What a return takes from the records when it is filed rather than from the person filing it.
DERIVED_RETURN_FIELDS = ("six_has_met", "funds_committee", "women_committee")


def derived_return_values(organisation_id):
    """{field: value} a union's return would be filed with today: met six-has items, and the committees the
    registration records (left out when the union has no registration, so the return's own entry stands)."""
    values = {"six_has_met": SixHasItem.objects.filter(organisation_id=organisation_id, state=ItemState.MET).count()}
    registration = Registration.objects.filter(organisation_id=organisation_id).first()
    if registration is not None:
        values["funds_committee"] = registration.funds_committee_on is not None
        values["women_committee"] = registration.women_committee_on is not None
    return values


def return_differences(annual_return):
    """[(label, filed with, now)] where the records now say otherwise than the return was filed with."""
    from django.utils.translation import gettext as _

    def shown(value):
        return (_("是") if value else _("否")) if isinstance(value, bool) else str(value)

    now = derived_return_values(annual_return.organisation_id)
    rows = []
    for field, value in now.items():
        filed = getattr(annual_return, field)
        if filed != value:
            rows.append((AnnualReturn._meta.get_field(field).verbose_name, shown(filed), shown(value)))
    return rows
