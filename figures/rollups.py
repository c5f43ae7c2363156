"""Maintained rollups: every figure of figures.registry, per bucket, year and group, kept exact with the records.

Why buckets. A bucket is a non-grassroots organisation; it holds the figure rows of the organisation itself and
of the grassroots unions directly under it (grassroots unions have no children). Every subtree is a set of whole
buckets, so a dashboard sums a few hundred rollup rows for the province however many unions it has (3,500 or
300,000), where the live aggregate (figures.registry) reads every union, registration and home.

Why exact. The database itself stamps every write with the change-stamp area it touched (core.changes: a
county, or a prefecture or the province for the units directly under them; area 0 for rules of no organisation;
the epoch). `RollupState` keeps, per area and year, the stamp the rollups were built at. Every read first
compares the areas' stamps with those (three small queries) and rebuilds the areas that changed, in one
transaction, before it sums: a dashboard is never older than the records, whatever door wrote them (form,
API, import, tree move, dissolve, raw SQL), with no nightly rebuild and nothing for a write to call. A figure's
rows depend only on records of their own area (station coverage and 会站家一体化 follow stations up to the
county at most), so a write in one county rebuilds that county alone; a change in area 0 or of the epoch
(a restore) rebuilds everything. The periodic task `figures.tasks.refresh_rollups` rebuilds the stale areas of
this year in the background, so that readers rarely wait for it.

How a rebuild counts. For each figure `rollup_parts(year)` names its numerator and denominator rows (the same
base and condition as the live figure). One statement per part sums them per (area, bucket) and per
(area, bucket, group) for every group set at once: field-sourced sets (region class, industry, …) and size
bands by an expression of the row's organisation, membership sets (manual, industry unions) by a join to the
memberships. `verify_rollups` recomputes everything and compares (figures.management.commands).
"""

import contextlib
import contextvars
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import Case, F, Q, Sum, Value, When
from django.db.models.functions import Cast, ExtractMonth
from django.utils.translation import gettext as _

from core.changes import EPOCH, GLOBAL, area_expression
from orgs.choices import Level

from .models import FigureRollup, RollupState

ALL = 0  # the group id of the rows of every group
AREA_LEVELS = (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY)
SERVICES = "services"  # services:<month>:<category>; numerator = services given, denominator = workers served
LOCK_KEY = 7412_0000


# --- what is counted --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    figure: str
    side: str  # "n" or "d"
    rows: models.QuerySet
    value: models.Expression
    path: str
    split: tuple = ()  # expressions whose values extend the figure key: figure:value:value
    yearly: bool = True  # False: the same rows for every year (counted once for all the years rebuilt)
    grouped: bool = True  # False: counted for all groups only (no cut by group set)


def parts(year, *, yearly=None):
    """Every part the rollups of `year` hold: the figures of figures.registry and the stations' services;
    `yearly` True or False keeps only the parts that depend on the year, or only those that do not."""
    from stations.models import ServiceRecord

    from .registry import FIGURES

    found = []
    for figure in FIGURES.values():
        if yearly is not None and figure.yearly != yearly:
            continue
        for side, rows, value, path in figure.rollup_parts(year):
            found.append(Part(figure.key, side, rows, value, path, yearly=figure.yearly))
    if yearly is not True:
        found.extend(standing_parts())
    if yearly is False:
        return found
    services = ServiceRecord.objects.filter(date__year=year)
    split = (ExtractMonth("date"), F("category"))
    found.append(Part(SERVICES, "n", services, Value(1), "station__host__", split, grouped=False))
    found.append(Part(SERVICES, "d", services, F("workers_served"), "station__host__", split, grouped=False))
    return found


ORGANISATIONS = "orgs"  # orgs:<level>:<status>: organisations counted by level and status (/orgs/stats/)
QUALITY = "quality"  # quality:<check key>: the records each data-quality check flags (core.quality)
FIELDS = "fields_filled"  # the required fields filled of the active grassroots unions, over all of them
REQUIRED_FIELDS = ("credit_code", "industry", "ownership", "region_type", "address", "contact_person", "contact_phone")


def standing_parts():
    """Counts of the records as they stand, beside the figures: organisations by level and status, the
    data-quality flags of every registered check, and the required fields filled."""
    from core.quality import checks
    from orgs.models import Organisation

    found = [
        Part(ORGANISATIONS, "n", Organisation.objects.all(), Value(1), "", (F("level"), F("status")), False, False)
    ]
    for check in checks.values():
        found.append(Part(f"{QUALITY}:{check.key}", "n", check.flagged(), Value(1), check.path, (), False, False))
    unions = Organisation.objects.filter(level=Level.GRASSROOTS, status="active")
    filled = sum((Case(When(**{field: ""}, then=Value(0)), default=Value(1)) for field in REQUIRED_FIELDS), Value(0))
    found.append(Part(FIELDS, "n", unions, filled, "", (), False, True))
    found.append(Part(FIELDS, "d", unions, Value(len(REQUIRED_FIELDS)), "", (), False, True))
    return found


def bucket_expression(path=""):
    """The bucket of the organisation at `path`: its parent for a grassroots union, else itself."""
    return Case(
        When(**{f"{path}level": Level.GRASSROOTS}, then=F(f"{path}parent_id")),
        default=F(f"{path}id"),
        output_field=models.BigIntegerField(),
    )


def area_q(path, areas):
    """Rows whose organisation (at `path`) lies in one of `areas` ({area id: level}); None means every area."""
    if areas is None:
        return Q()
    by_level = defaultdict(list)
    for area, level in areas.items():
        by_level[level].append(area)
    q = Q(pk__in=[])
    if by_level[Level.COUNTY]:
        q |= Q(**{f"{path}county_id__in": sorted(by_level[Level.COUNTY])})
    if by_level[Level.PREFECTURE]:
        q |= Q(**{f"{path}county_id": None, f"{path}prefecture_id__in": sorted(by_level[Level.PREFECTURE])})
    if by_level[Level.PROVINCE]:
        q |= Q(
            **{
                f"{path}county_id": None,
                f"{path}prefecture_id": None,
                f"{path}province_id__in": sorted(by_level[Level.PROVINCE]),
            }
        )
    return q


# --- group sets -------------------------------------------------------------------------------------------------


def _group_sets():
    """(field-like sets as [(set, {code: group id})], whether any membership set exists)."""
    from groups.models import MEMBERSHIP_SOURCES, GroupSet

    sets = list(GroupSet.objects.prefetch_related("groups"))
    coded = [(s, {g.code: g.pk for g in s.groups.all()}) for s in sets if s.source not in MEMBERSHIP_SOURCES]
    return coded, any(s.source in MEMBERSHIP_SOURCES for s in sets)


def group_value(group_set, path=""):
    """The code of the group of `group_set` the organisation at `path` is in (field and size-band sets)."""
    from groups.selectors import group_value_expression

    return group_value_expression(group_set, path)


# --- building ---------------------------------------------------------------------------------------------------


def _part_sql(part, areas, coded):
    from django.db.models import CharField

    path = part.path
    annotations = {
        "r_area": area_expression(path),
        "r_bucket": bucket_expression(path),
        "r_org": F(f"{path}id"),
        "r_v": part.value,
    }
    for n, expression in enumerate(part.split):
        annotations[f"r_s{n}"] = Cast(expression, CharField())
    if not part.grouped:  # a series (services per month and category) and the like: for all groups only
        coded = []
    for n, (group_set, _codes) in enumerate(coded):
        annotations[f"r_g{n}"] = Cast(group_value(group_set, path), CharField())
    rows = part.rows.filter(area_q(path, areas)).annotate(**annotations).order_by().values(*annotations)
    inner, params = rows.query.get_compiler(using=rows.db).as_sql()
    keys = ["r_area", "r_bucket"] + [f"r_s{n}" for n in range(len(part.split))]
    head = ", ".join(keys)
    selects = [f"SELECT {head}, '' AS gs, '' AS code, SUM(r_v) FROM t GROUP BY {head}"]
    for n in range(len(coded)):
        selects.append(
            f"SELECT {head}, '{n}', r_g{n}, SUM(r_v) FROM t WHERE r_g{n} IS NOT NULL GROUP BY {head}, r_g{n}"
        )
    return inner, params, head, selects


def compute(years, areas=None):
    """{(year, area, bucket, figure, group): [numerator, denominator]} from the records, for `areas`
    ({id: level}) or every area (None). The figures of the records as they stand (not yearly) are counted once
    and hold for every year."""
    years = sorted(set(years))
    totals = defaultdict(lambda: [0, None])
    coded, memberships = _group_sets()
    for part in parts(years[-1], yearly=False):
        _count(part, areas, coded, memberships, totals, years)
    for year in years:
        for part in parts(year, yearly=True):
            _count(part, areas, coded, memberships, totals, [year])
    return totals


def _count(part, areas, coded, memberships, totals, years):
    from django.core.exceptions import EmptyResultSet

    from groups.models import MEMBERSHIP_SOURCES

    sources = ", ".join(f"'{s}'" for s in MEMBERSHIP_SOURCES)
    try:
        inner, params, head, selects = _part_sql(part, areas, coded)
    except EmptyResultSet:  # a condition that matches nothing (no station anywhere, say): nothing to count
        return
    if memberships and part.grouped:
        selects.append(
            f"SELECT {head}, 'm', CAST(m.group_id AS TEXT), SUM(r_v) FROM t "
            "JOIN groups_groupmembership m ON m.organisation_id = t.r_org "
            "JOIN groups_group g ON g.id = m.group_id "
            f"JOIN groups_groupset gs ON gs.id = g.group_set_id AND gs.source IN ({sources}) "
            f"GROUP BY {head}, m.group_id"
        )
    sql = f"WITH t AS ({inner}) " + " UNION ALL ".join(selects)
    splits = len(part.split)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            area, bucket = row[0], row[1]
            split, (kind, code, value) = row[2 : 2 + splits], row[2 + splits :]
            if bucket is None or value is None:
                continue
            figure = part.figure
            if split:
                figure += ":" + ":".join(_split_text(v) for v in split)
            if kind == "":
                group = ALL
            elif kind == "m":
                group = int(code)
            else:
                group = coded[int(kind)][1].get(code)
                if group is None:
                    continue
            for year in years:
                entry = totals[(year, area, bucket, figure, group)]
                if part.side == "n":
                    entry[0] += int(value)
                else:
                    entry[1] = (entry[1] or 0) + int(value)


def _split_text(value):
    text = str(value)
    return text.zfill(2) if text.isdigit() else text


def area_levels():
    """{area id: level}: every organisation that can be an area (counties, prefectures, the province)."""
    from orgs.models import Organisation

    # the exclusion is the condition of the partial index org_holders_level, which the planner then reads
    holders = Organisation.objects.exclude(level=Level.GRASSROOTS)
    return dict(holders.filter(level__in=AREA_LEVELS).values_list("pk", "level"))


def current_stamps(areas):
    """{area: stamp}: the area's own stamp plus area 0's and the epoch's, as RollupState keeps them."""
    from core.models import ChangeStamp

    sums = dict(ChangeStamp.objects.order_by().values_list("area").annotate(s=Sum("weight")).values_list("area", "s"))
    common = sums.get(GLOBAL, 0) + sums.get(EPOCH, 0)
    return {area: sums.get(area, 0) + common for area in areas}


def code_version():
    """The digest of the deployed Python code, which the rollups were built by (RollupState.code)."""
    from core.panel_cache import release

    return release((".py",))


def _lock(year):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY + year])


def rebuild(years, areas=None):
    """Rebuild the rollups of `years` (a year or several) for `areas` ({id: level}; None: every area), and
    record the stamps they were built at. The stamps are read before the records, so that a write landing
    meanwhile leaves its area stale (rebuilt again on the next read), never marked current without it."""
    years = [years] if isinstance(years, int) else sorted(set(years))
    levels = area_levels()
    stamps = current_stamps(levels)
    if areas is None:
        areas = levels
    everything = set(areas) >= set(levels)
    with transaction.atomic():
        for year in years:
            _lock(year)
        totals = compute(years, None if everything else areas)
        stale = FigureRollup.objects.filter(year__in=years)
        if not everything:
            stale = stale.filter(area__in=list(areas))
        stale._raw_delete(stale.db)
        _insert(
            (area, bucket, year, figure, group, n, d) for (year, area, bucket, figure, group), (n, d) in totals.items()
        )
        RollupState.objects.filter(year__in=years, area__in=list(areas)).delete()
        code = code_version()
        RollupState.objects.bulk_create(
            RollupState(area=area, year=year, stamp=stamps[area], code=code) for year in years for area in areas
        )
    if everything and connection.vendor == "postgresql":
        # a table rewritten whole: the planner's statistics of it are gone until autovacuum comes round
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {FigureRollup._meta.db_table}, {RollupState._meta.db_table}")
    return len(totals)


def _insert(rows):
    """Insert rollup rows as plain tuples: Django's bulk_create spent more time preparing values than the
    database took to store them."""
    table = FigureRollup._meta.db_table
    columns = '(area, bucket_id, year, figure, "group", numerator, denominator)'
    rows = list(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(cursor.cursor, f"INSERT INTO {table} {columns} VALUES %s", rows, page_size=5000)
        else:
            for start in range(0, len(rows), 5000):
                cursor.executemany(
                    f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s, %s, %s, %s)", rows[start : start + 5000]
                )


_checked = contextvars.ContextVar("rollups_checked", default=frozenset())


def ensure_current(*years):
    """Rebuild whatever areas of `years` are behind the records (three small queries when none is), all the
    years at once; the number of (area, year) rebuilt. Inside `checked(years)` the years already checked are not
    checked again."""
    years = sorted({year for year in years if year not in _checked.get()})
    if not years:
        return 0
    if not _stale(years):
        return 0
    with transaction.atomic():
        for year in years:
            _lock(year)
        stale = _stale(years)  # another reader may have rebuilt them while this one waited
        if not stale:
            return 0
        areas = {}
        for year_areas in stale.values():
            areas.update(year_areas)
        rebuild(list(stale), areas)
    return sum(len(a) for a in stale.values())


def _stale(years):
    """{year: {area: level}} of the areas behind the records."""
    levels = area_levels()
    stamps = current_stamps(levels)
    built = defaultdict(dict)
    code = code_version()
    states = RollupState.objects.filter(year__in=years, code=code).values_list("area", "year", "stamp")
    for area, year, stamp in states:
        built[year][area] = stamp
    stale = {}
    for year in years:
        behind = {area: level for area, level in levels.items() if built[year].get(area) != stamps[area]}
        if behind:
            stale[year] = behind
    return stale


@contextlib.contextmanager
def checked(*years):
    """Check `years` once (ensure_current) for everything read inside the block: one page's several reads."""
    ensure_current(*years)
    token = _checked.set(_checked.get() | frozenset(years))
    try:
        yield
    finally:
        _checked.reset(token)


# --- reading ----------------------------------------------------------------------------------------------------


def in_subtree(rows, org):
    """Rollup rows of the buckets of `org`'s subtree. The buckets are named as units holding others, the
    condition of the partial index org_holders_level: the planner reads the few hundred of them rather than
    every union of the subtree through the ancestor column's index."""
    from core.scope import subtree_q

    return rows.filter(subtree_q("bucket__", [org])).exclude(bucket__level=Level.GRASSROOTS)


def _rows(org, year, group=ALL, figures=None):

    rows = in_subtree(FigureRollup.objects.filter(year=year), org)
    if isinstance(group, list | tuple | set):
        rows = rows.filter(group__in=list(group))
    else:
        rows = rows.filter(group=group)
    if figures is not None:
        rows = rows.filter(figure__in=list(figures))
    return rows.order_by()


def sums(org, year, *, group=ALL, figures=None, by=None):
    """{(by value, figure): (numerator, denominator)} of `org`'s subtree; `by` a field or expression of the rollup
    rows ("group", "year", a child expression) or None for the subtree's total."""
    ensure_current(year)
    rows = _rows(org, year, group, figures)
    keys = ["figure"]
    if by is not None:
        rows = rows.annotate(r_by=by)
        keys.insert(0, "r_by")
    found = {}
    for row in rows.values(*keys).annotate(n=Sum("numerator"), d=Sum("denominator")):
        found[(row.get("r_by"), row["figure"])] = (row["n"] or 0, row["d"])
    return found


def prefixed(org, year, prefix, *, by=None):
    """{(by value, key): (numerator, denominator)} of the rollup keys starting with `prefix` + ":" (all groups)."""
    ensure_current(year)
    rows = in_subtree(FigureRollup.objects.filter(year=year, group=ALL, figure__startswith=prefix + ":"), org)
    keys = ["figure"]
    if by is not None:
        rows = rows.annotate(r_by=by)
        keys.insert(0, "r_by")
    found = {}
    for row in rows.order_by().values(*keys).annotate(n=Sum("numerator"), d=Sum("denominator")):
        found[(row.get("r_by"), row["figure"])] = (row["n"] or 0, row["d"])
    return found


def is_bucket(org):
    return org.level != Level.GRASSROOTS


# --- checking ---------------------------------------------------------------------------------------------------


def verify(years):
    """Differences between the rollups a reader sees and the records, as lines of text ([] when none).

    Two checks. Every stored row against a recomputation from the records (area by area, so that a write the
    change stamps missed shows up); and, through a second path, the subtree totals of the province and the
    prefectures against the live figures of figures.registry, which share no code with the rollups but the
    figures' definitions."""
    from orgs.models import Organisation

    from .registry import FIGURES

    problems = []
    ensure_current(*years)
    for year in years:
        stored = {
            (area, bucket, figure, group): [n, d]
            for area, bucket, figure, group, n, d in FigureRollup.objects.filter(year=year).values_list(
                "area", "bucket_id", "figure", "group", "numerator", "denominator"
            )
        }
        fresh = {key[1:]: value for key, value in compute([year]).items()}
        for key in sorted(set(stored) | set(fresh), key=str):
            have, want = stored.get(key), fresh.get(key)
            if _zero(have) and _zero(want):
                continue
            if have != want:
                area, bucket, figure, group = key
                problems.append(
                    _(
                        "%(year)s 区域%(area)s 组织%(bucket)s %(figure)s 分组%(group)s: 汇总 %(have)s，按记录应为 %(want)s"
                    )
                    % {
                        "year": year,
                        "area": area,
                        "bucket": bucket,
                        "figure": figure,
                        "group": group,
                        "have": have,
                        "want": want,
                    }
                )
        tops = Organisation.objects.exclude(level=Level.GRASSROOTS).filter(level__in=[Level.PROVINCE, Level.PREFECTURE])
        tops = list(tops.filter(status="active"))
        keys = list(FIGURES)
        for figure in FIGURES.values():
            live = figure.compute_many(tops, year)
            for org in tops:
                total = sums(org, year, figures=keys).get((None, figure.key), (0, None))
                if figure.value_of(*total) != live[org.pk]:
                    problems.append(
                        _("%(year)s %(name)s %(figure)s: 汇总 %(have)s，实时 %(live)s")
                        % {
                            "year": year,
                            "name": org.name,
                            "figure": figure.key,
                            "have": figure.value_of(*total),
                            "live": live[org.pk],
                        }
                    )
    return problems


def _zero(value):
    return value is None or (not value[0] and not value[1])


# --- the rows behind a figure, for the list pages (core.filters.FigureFilterMixin) ------------------------------


def figure_rows_q(model, value):
    """A Q on `model` for `figure=<key>:<year>[:d]`: the figure's counted rows when `model` is what it counts,
    else the organisations behind them; matches nothing for a value naming no figure or year."""
    from orgs.models import Organisation

    from .registry import FIGURES

    parts = value.split(":")
    figure = FIGURES.get(parts[0])
    try:
        year = int(parts[1]) if len(parts) > 1 else None
    except ValueError:
        year = None
    side = parts[2] if len(parts) > 2 else "n"
    if figure is None or year is None or not 2000 <= year <= 2100 or side not in ("n", "d") or len(parts) > 3:
        return Q(pk__in=[])
    rows = figure.rows(year, side)
    if rows.model is model:
        return Q(pk__in=rows.values("pk"))
    if model is Organisation:
        return Q(pk__in=figure.unit_ids(year, side))
    return Q(pk__in=[])
