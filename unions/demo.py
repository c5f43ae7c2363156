"""Demo 会 records for the demo tree: registrations, six-has items, two years of annual returns at different
stages of approval, and each county's list of unorganised employers. Deterministic from the seed; run again,
it adds nothing."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from orgs.choices import Level, Ownership, RegionType
from orgs.demo import BRANDS, BUSINESSES, SUFFIXES, employer_kind, make_credit_code
from orgs.models import Organisation

from .choices import EmployerStatus, Employment, Ethnicity, Gender, ItemState, PeriodState, SixHas
from .models import (
    AnnualReturn,
    CoveredEmployer,
    Registration,
    ReturnPeriod,
    SixHasItem,
    UnorganisedEmployer,
    default_due_on,
)
from .services import reporting_unit

SURNAMES = "张王李赵马韩祁才更多杨刘陈冶鲁朱"
GIVEN = ["建华", "玉梅", "卓玛", "海军", "永福", "秀兰", "文静", "德吉", "索南", "拉毛", "国庆", "海燕", "成林", "桂英"]
ETHNICITY_WEIGHTS = [(Ethnicity.HAN, 55), (Ethnicity.TIBETAN, 18), (Ethnicity.HUI, 15), (Ethnicity.TU, 5),
                     (Ethnicity.SALAR, 3), (Ethnicity.MONGOL, 2), (Ethnicity.OTHER, 2)]  # fmt: skip
# The share of assessed unions that are well-run (all six items met, and every record says so), by where the
# union works (分类指导): with a workers' home in use or without one. A city's unions more often than a pastoral
# county's; a well-run union without a home gets one from the 家 demo (homes.demo.plan_home).
WELL_RUN = {
    RegionType.URBAN: (0.9, 0.16),
    RegionType.PARK: (0.85, 0.14),
    RegionType.AGRICULTURAL: (0.8, 0.1),
    RegionType.PASTORAL: (0.6, 0.04),
}
NOTES = {
    ItemState.MET: "材料齐全，现场核实。",
    ItemState.PARTLY: "部分材料缺失，需补充。",
    ItemState.NOT_MET: "尚未落实，已督促整改。",
}


def _person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _date_between(rng, start, end):
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _employees(rng, union):
    """A long tail: most employers have a few dozen workers, some hundreds, and a few of the province's big
    state enterprises (salt lake, power, oil, nonferrous metals) thousands."""
    if union.ownership in (Ownership.STATE, Ownership.MIXED) and rng.random() < 0.06:
        return rng.randint(2000, 12000)
    return int(min(6000, max(5, rng.paretovariate(1.15) * 9)))


def _at_least_bar(members, total):
    """Members raised to the 95 % bar of item 1 (never above the employees)."""
    return min(total, max(members, -(-total * 95 // 100)))


def _registration(rng, union, today, well_run=False):
    """A registration; a well-run union's fits items 1, 2, 4 and 5 (term current, chair trained, membership at
    95 % or more, both committees, 职代会 and 厂务公开, its own account)."""
    employees = _employees(rng, union)
    rate = rng.choice([1.0, 0.98, 0.96] if well_run else [1.0, 0.98, 0.96, 0.95, 0.92, 0.85, 0.7])
    members = max(1, int(employees * rate))
    if well_run:
        members = _at_least_bar(members, employees)
    division6 = ((union.parent.division_code if union.parent_id else "") or "630000")[:6]
    founded = _date_between(rng, datetime.date(1995, 1, 1), datetime.date(2024, 6, 30))
    term = 5 if rng.random() < 0.75 else 3
    # Most chairs were elected within their term; about one union in eight has let its term lapse.
    lapsed = rng.random() < 0.12 and not well_run
    latest_start = today - datetime.timedelta(days=365 * term + 30) if lapsed else today - datetime.timedelta(days=20)
    earliest = max(founded, today - datetime.timedelta(days=365 * (term + (3 if lapsed else 0))))
    elected = _date_between(rng, earliest, max(earliest, latest_start))
    trained = _date_between(rng, elected, min(today, elected + datetime.timedelta(days=300)))
    return Registration(
        organisation=union,
        employer_name=union.name.removesuffix("工会委员会").removesuffix("工会"),
        # the employer's own code (91 enterprise, 12 public institution…), never the union's 81 code
        employer_credit_code=make_credit_code(rng, division6, employer_kind(union.ownership))
        if rng.random() < 0.9
        else "",
        employer_ownership=union.ownership,
        employer_industry=union.industry,
        is_joint="联合" in union.name,
        employees=employees,
        members=members,
        female_members=int(members * rng.uniform(0.25, 0.6)),
        migrant_members=int(members * rng.uniform(0, 0.45)),
        new_forms_members=int(members * rng.uniform(0, 0.12)) if rng.random() < 0.4 else 0,
        founded_on=founded,
        legal_cert_no=f"工法证字第{rng.randint(10000, 99999)}号" if rng.random() < 0.8 else "",
        legal_cert_on=_date_between(rng, founded, min(today, founded + datetime.timedelta(days=400)))
        if rng.random() < 0.8
        else None,
        chair_name=_person(rng),
        chair_gender=Gender.FEMALE if rng.random() < 0.35 else Gender.MALE,
        chair_ethnicity=rng.choices([e for e, _w in ETHNICITY_WEIGHTS], [w for _e, w in ETHNICITY_WEIGHTS])[0],
        chair_elected_on=elected,
        chair_term_years=term,
        chair_kind=rng.choices(list(Employment), [25, 65, 10])[0],
        chair_trained_on=trained if (rng.random() < 0.75 or well_run) else None,
        vice_chairs=rng.randint(0, 2),
        # 3–9 members on a committee; a union of a few members elects fewer (never more than it has)
        committee_members=min(rng.randint(3, 9), max(1, members // 3)),
        funds_committee_on=_date_between(rng, founded, today) if (rng.random() < 0.8 or well_run) else None,
        women_committee_on=_date_between(rng, founded, today) if (rng.random() < 0.7 or well_run) else None,
        branch_unions=rng.randint(0, 5) if employees > 300 else 0,
        union_groups=rng.randint(1, 12),
        independent_account=(rng.random() < 0.8 or well_run),
        funds_remitted=rng.random() < 0.85,
        workers_congress=(rng.random() < 0.7 or well_run),
        open_affairs=(rng.random() < 0.7 or well_run),
        collective_contract_on=_date_between(rng, founded, today) if rng.random() < 0.65 else None,
        wage_contract_on=_date_between(rng, founded, today) if rng.random() < 0.4 else None,
        women_contract_on=_date_between(rng, founded, today) if rng.random() < 0.35 else None,
        safety_contract_on=_date_between(rng, founded, today) if rng.random() < 0.2 else None,
    )


def _six_has_states(rng, well_run):
    """All six met for a well-run union; the others' items vary (and are corrected against the records)."""
    if well_run:
        return [ItemState.MET] * len(SixHas)
    return [rng.choices(list(ItemState), [70, 20, 10])[0] for _item in SixHas]


def _well_run(rng, union, seed, today):
    """Whether this assessed union is well-run: more often where it has a workers' home in use (the one the 家
    demo plans for it), and in the cities more often than in pastoral counties."""
    from homes.choices import HomeStatus
    from homes.demo import plan_home

    plan = plan_home(union, seed, today)
    with_home, without = WELL_RUN.get(union.region_type, WELL_RUN[RegionType.AGRICULTURAL])
    in_use = plan is not None and plan[0].status == HomeStatus.IN_USE
    return rng.random() < (with_home if in_use else without)


def well_run_unions():
    """Unions whose six items are all assessed met (the 家 demo gives each a home in use, rated well)."""
    from django.db.models import Count, Q

    return (
        SixHasItem.objects.values("organisation_id")
        .annotate(met=Count("pk", filter=Q(state=ItemState.MET)))
        .filter(met=len(SixHas))
        .values_list("organisation_id", flat=True)
    )


def _returns_for(rng, union_pk, registration, year, created, six_has_met=0):
    """A return close to the registration's figures; a union not yet registered reports figures of its own."""
    if registration is not None:
        employees = max(1, int(getattr(registration, "demo_total", registration.employees) * rng.uniform(0.9, 1.05)))
        members = min(employees, int(registration.members * rng.uniform(0.95, 1.03)))
        parts = (registration.female_members, registration.migrant_members, registration.new_forms_members)
        committees = (registration.funds_committee_on is not None, registration.women_committee_on is not None)
    else:
        employees = rng.randint(5, 200)
        members = int(employees * rng.uniform(0.6, 1.0))
        parts = (int(members * 0.4), int(members * 0.2), 0)
        committees = (rng.random() < 0.6, rng.random() < 0.5)
    ret = AnnualReturn(
        organisation_id=union_pk,
        year=year,
        employees=employees,
        members=members,
        female_members=min(members, parts[0]),
        migrant_members=min(members, parts[1]),
        new_forms_members=min(members, parts[2]),
        funds_committee=committees[0],
        women_committee=committees[1],
        six_has_met=six_has_met,
    )
    ret.demo_created = created
    return ret


@transaction.atomic
def seed_unions(*, seed, stdout=None):
    say = stdout.write if stdout else (lambda *_a: None)
    if Registration.objects.exists():
        say("会：已有建会登记，跳过。\n")
        return
    rng = random.Random(seed + 300)
    today = timezone.localdate()
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["chengdong", "xining", "sheng"])}
    unions = list(
        Organisation.objects.filter(level=Level.GRASSROOTS, status="active")
        .select_related("parent__parent__parent")
        .order_by("pk")
    )
    registrations = []
    for union in unions:
        if rng.random() >= 0.9:
            continue
        assessed = rng.random() < 0.8
        well_run = assessed and _well_run(rng, union, seed, today)
        registration = _registration(rng, union, today, well_run=well_run)
        registration.demo_assessed, registration.demo_well_run = assessed, well_run
        registrations.append(registration)
    # A joint union's members come from every unit it covers, so the other units are planned first.
    planned = {}
    names = set()
    for registration in registrations:
        if not registration.is_joint:
            continue
        union = registration.organisation
        division6 = ((union.parent.division_code if union.parent_id else "") or "630000")[:6]
        place = union.name.split("联合")[0]
        rows = []
        for _index in range(rng.randint(2, 5)):
            business, industry = rng.choice(BUSINESSES)
            name = f"{place}{rng.choice(BRANDS)}{business}{rng.choice(SUFFIXES)}"
            if name in names:
                continue
            names.add(name)
            rows.append(
                CoveredEmployer(
                    name=name,
                    credit_code=make_credit_code(rng, division6, "91") if rng.random() < 0.7 else "",
                    ownership=Ownership.PRIVATE,
                    industry=industry,
                    employees=rng.randint(3, 40),
                )
            )
        planned[id(registration)] = rows
        total = registration.employees + sum(row.employees for row in rows)
        share = registration.members / registration.employees
        registration.demo_total = total
        registration.members = max(1, int(total * share))
        for field in ("female_members", "migrant_members", "new_forms_members"):
            setattr(
                registration,
                field,
                min(registration.members, int(getattr(registration, field) * total / registration.employees)),
            )
        if registration.demo_well_run:
            registration.members = _at_least_bar(registration.members, total)
        registration.committee_members = min(rng.randint(3, 9), max(1, registration.members // 3))
    for registration in registrations:
        registration.next_election_due = registration.compute_next_election_due()
    Registration.objects.bulk_create(registrations, batch_size=1000)

    covered = []
    for registration in registrations:
        for row in planned.get(id(registration), ()):
            row.registration = registration
            covered.append(row)
    CoveredEmployer.objects.bulk_create(covered, batch_size=1000)

    items = []
    for registration in registrations:
        if registration.demo_assessed:
            assessed = _date_between(rng, today - datetime.timedelta(days=500), today)
            for item, state in zip(SixHas, _six_has_states(rng, registration.demo_well_run), strict=True):
                items.append(
                    SixHasItem(
                        organisation_id=registration.organisation_id,
                        item=item,
                        state=state,
                        note=NOTES[state],
                        assessed_by=users.get("chengdong"),
                        assessed_on=assessed,
                    )
                )
    # An item is "met" only where the registration allows it; now and then an officer knows better and says why.
    from .facts import registrations_contradicting

    # (items 3 and 6 rest on homes, stations, activities and ratings, seeded later: reconcile_six_has)
    contradicted = {
        item: set(registrations_contradicting(item).values_list("organisation_id", flat=True))
        for item in SixHas
        if item not in RECONCILED_REASONS
    }
    for row in items:
        if row.state == ItemState.MET and row.organisation_id in contradicted.get(row.item, ()):
            if rng.random() < 0.03:
                row.override_reason = "登记信息待更新：已完成换届（培训），材料已现场核实。"
            else:
                row.state, row.note = ItemState.PARTLY, NOTES[ItemState.PARTLY]
    SixHasItem.objects.bulk_create(items, batch_size=2000)
    met_now = {}
    for row in items:
        met_now[row.organisation_id] = met_now.get(row.organisation_id, 0) + (row.state == ItemState.MET)

    # Two years of returns: last year's mostly approved and locked, this year's in every state.
    registered = {registration.organisation_id: registration for registration in registrations}
    by_unit = {}
    for union in unions:
        unit = reporting_unit(union)
        if unit is not None:
            by_unit.setdefault(unit.pk, (unit, []))[1].append(union)
    returns = []
    periods = []
    this_year = today.year
    for year in (this_year - 1, this_year):
        for unit_pk in sorted(by_unit):
            unit, members = by_unit[unit_pk]
            roll = rng.random()
            if year < this_year:
                state = (
                    PeriodState.APPROVED if roll < 0.8 else PeriodState.SUBMITTED if roll < 0.93 else PeriodState.OPEN
                )
                share = 0.9
            else:
                state = (PeriodState.SUBMITTED if roll < 0.12 else PeriodState.RETURNED if roll < 0.2
                         else PeriodState.OPEN)  # fmt: skip
                share = rng.uniform(0.2, 0.9)
            period = ReturnPeriod(unit=unit, year=year, state=state, due_on=default_due_on(year))
            if state != PeriodState.OPEN:
                period.submitted_by = users.get("chengdong")
                period.submitted_at = timezone.make_aware(
                    datetime.datetime(year + 1 if year < this_year else year, 3, 20)
                )
            if state in (PeriodState.APPROVED, PeriodState.RETURNED):
                period.decided_by = users.get("xining")
                period.decided_at = period.submitted_at + datetime.timedelta(days=5)
                if state == PeriodState.RETURNED:
                    period.comment = "部分基层工会会员人数与上年差异较大，请核实后重新报送。"
            periods.append(period)
            for union in members:
                # A period that was submitted holds every union's return (the rule of period_submit).
                if state != PeriodState.OPEN or rng.random() < share:
                    on_time = rng.random() < 0.85
                    base = datetime.date(year + 1, 3, 31) if year < this_year else today
                    created = (
                        base - datetime.timedelta(days=rng.randint(1, 80))
                        if on_time or year == this_year
                        else base + datetime.timedelta(days=rng.randint(1, 40))
                    )
                    returns.append(
                        (
                            period,
                            _returns_for(
                                rng, union.pk, registered.get(union.pk), year, created, met_now.get(union.pk, 0)
                            ),
                        )
                    )
    ReturnPeriod.objects.bulk_create(periods, batch_size=500)
    rows = []
    for period, ret in returns:
        ret.period = period
        rows.append(ret)
    AnnualReturn.objects.bulk_create(rows, batch_size=1000)
    # When each return came in (for "on time"): one UPDATE per day, far cheaper than a bulk_update of CASEs.
    by_day = {}
    for ret in rows:
        by_day.setdefault(min(ret.demo_created, today), []).append(ret.pk)
    for day, pks in sorted(by_day.items()):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        AnnualReturn.objects.filter(pk__in=pks).update(created=moment)

    # Each county's list of employers still without a union.
    employers = []
    counties = list(Organisation.objects.filter(level=Level.COUNTY, status="active").order_by("pk"))
    for county in counties:
        division6 = (county.division_code or "630000")[:6]
        county_unions = [u for u in unions if u.is_descendant_of(county)]
        for _index in range(rng.randint(2, 10)):
            business, industry = rng.choice(BUSINESSES)
            status = rng.choices(list(EmployerStatus), [40, 25, 20, 15])[0]
            union = rng.choice(county_unions) if status == EmployerStatus.ESTABLISHED and county_unions else None
            if status == EmployerStatus.ESTABLISHED and union is None:
                status = EmployerStatus.PREPARING
            employers.append(
                UnorganisedEmployer(
                    area=county,
                    name=f"{county.name.removesuffix('总工会')}{rng.choice(BRANDS)}{business}{rng.choice(SUFFIXES)}",
                    credit_code=make_credit_code(rng, division6, "91") if rng.random() < 0.8 else "",
                    ownership=Ownership.PRIVATE,
                    employees=rng.randint(8, 400),
                    industry=industry,
                    status=status,
                    status_on=_date_between(rng, today - datetime.timedelta(days=300), today),
                    union=union,
                    contact_person=_person(rng),
                    note="已上门宣传《工会法》，单位负责人表示支持。" if status != EmployerStatus.IDENTIFIED else "",
                )
            )
    UnorganisedEmployer.objects.bulk_create(employers, batch_size=1000)
    say(
        f"会：建会登记 {len(registrations)}，六有项目 {len(items)}，年度填报 {len(periods)}（报表 {len(rows)}），"
        f"未建会单位 {len(employers)}。\n"
    )


# Items 3 and 6 rest on records the 站 and 家 demos add after this one (homes, stations, activities, ratings):
# once they are there, an item assessed "met" that they contradict is corrected the way an officer would.
RECONCILED_REASONS = {
    SixHas.VENUE: "活动记录待补录：本单位职工活动室在用，活动台账已现场核实。",
    SixHas.PERFORMANCE: "会员评家结果待录入：今年测评满意率已现场核实。",
}


def reconcile_six_has(*, seed, stdout=None):
    """Items 3 and 6 "met" against the union's home, station, activities or rating are made true the way a
    province's records would be: a union with a home in use whose activities or rating were simply never
    entered gets them (a few activities at its home in the last half year; last year's rating at 90 % or more,
    respondents within its members); a union without a place, or whose latest rating is below the bar, has the
    item corrected to "partly" (now and then the officer knew better and said why). Returns filed with the
    items are filed with the corrected count. Deterministic from the seed; a second run finds nothing to do."""
    from decimal import Decimal

    from django.db.models import F

    from activities.demo import HOME_CATEGORIES, _activity
    from homes.choices import HomeStatus
    from homes.models import SatisfactionRating, WorkersHome

    from .facts import FACT_Q, registrations_contradicting, with_facts
    from .quality import met_items_now

    say = stdout.write if stdout else (lambda *_a: None)
    rng = random.Random(seed + 350)
    today = timezone.localdate()
    changed, corrected, activities, ratings = [], set(), [], []
    for item, reason in RECONCILED_REASONS.items():
        contradicted = registrations_contradicting(item).values("organisation_id")
        rows = list(
            SixHasItem.objects.filter(
                item=item, state=ItemState.MET, override_reason="", organisation_id__in=contradicted
            ).order_by("pk")
        )
        if not rows:
            continue
        unions = [row.organisation_id for row in rows]
        homes = {
            home.organisation_id: home
            for home in WorkersHome.objects.filter(organisation_id__in=unions, status=HomeStatus.IN_USE)
        }
        facts = with_facts(Registration.objects.filter(organisation_id__in=unions))
        if item == SixHas.VENUE:  # the records are missing only where the union has a place
            missing = set(facts.filter(FACT_Q["no_activities"]()).exclude(FACT_Q["no_place"]()).values_list(
                "organisation_id", flat=True))  # fmt: skip
        else:  # a rating below the bar is the members' word: only a missing one is entered
            missing = set(facts.filter(FACT_Q["no_rating"]()).values_list("organisation_id", flat=True))
        members = dict(
            Registration.objects.filter(organisation_id__in=unions).values_list("organisation_id", "members")
        )
        for row in rows:
            union = row.organisation_id
            home = homes.get(union)
            if item == SixHas.VENUE and union in missing and home is not None:
                for _n in range(rng.randint(2, 4)):
                    activity = _activity(rng, today, union, HOME_CATEGORIES, home=home)
                    activity.date = today - datetime.timedelta(days=rng.randint(7, 180))
                    activities.append(activity)
            elif item == SixHas.PERFORMANCE and union in missing and home is not None and members.get(union):
                ratings.append(
                    SatisfactionRating(
                        home=home,
                        year=today.year - 1,
                        percent=Decimal(rng.randint(900, 985)) / 10,
                        respondents=max(1, min(members[union], rng.randint(12, 400))),
                    )
                )
            elif rng.random() < 0.03:
                row.override_reason = reason
                changed.append(row)
            else:
                row.state, row.note = ItemState.PARTLY, NOTES[ItemState.PARTLY]
                corrected.add(union)
                changed.append(row)
    if not (changed or activities or ratings):
        return
    from activities.models import Activity

    with transaction.atomic():
        Activity.objects.bulk_create(activities, batch_size=1000)
        SatisfactionRating.objects.bulk_create(ratings, batch_size=1000)
        SixHasItem.objects.bulk_update(changed, ["state", "note", "override_reason"], batch_size=2000)
        returns = list(
            AnnualReturn.objects.filter(organisation_id__in=corrected)
            .annotate(met_now=met_items_now())
            .exclude(six_has_met=F("met_now"))
        )
        for ret in returns:
            ret.six_has_met = ret.met_now
        AnnualReturn.objects.bulk_update(returns, ["six_has_met"], batch_size=2000)
    say(
        f"会：六有第3、6项对照阵地、活动和会员评家：补录活动 {len(activities)} 条、评家 {len(ratings)} 条，"
        f"更正评定 {len(changed)} 项，年度报表 {len(returns)} 份。\n"
    )
