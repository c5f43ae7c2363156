"""Each figure of DESIGN.md ("Figures the dashboards show") defined once, over the 会, 站 and 家 records.

Target progress, the acceptance sheet's "工作情况和数字说明" column, the organisation page and the API all read
these objects. A figure is computed live for any organisation's subtree (the organisation itself included)
and year, and can list the unions behind its numerator and its denominator.

    from figures.registry import FIGURES, get_figure

    figure = get_figure("six_has_rate")
    figure.compute(org, 2026)            # FigureValue(value=62.5, numerator=5, denominator=8)
    figure.units(org, 2026)              # Organisation queryset: the unions counted in the numerator
    figure.compute_many(children, 2026)  # {org id: FigureValue}, one query whatever the number of orgs

Subtrees are cut with `core.scope.subtree_q`, the one subtree test of the project, so that the figures follow the
tree's representation wherever it changes.

Figures that describe a state (membership, six-has, stations, homes, integration) read the records as they
stand now; `year` matters to the figures of a year's events (returns, unions founded, employers organised).
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.scope import subtree_q
from orgs.choices import Level, Status

PERCENT = "%"


@dataclass(frozen=True)
class FigureValue:
    """A figure for one subtree: `value` is the percentage (rates) or the count (counts); None when the
    denominator is 0. Counts have no denominator."""

    value: float | int | None
    numerator: int
    denominator: int | None

    @classmethod
    def rate(cls, numerator, denominator):
        numerator = numerator or 0
        denominator = denominator or 0
        value = round(100 * numerator / denominator, 1) if denominator else None
        return cls(value=value, numerator=numerator, denominator=denominator)

    @classmethod
    def count(cls, numerator):
        numerator = numerator or 0
        return cls(value=numerator, numerator=numerator, denominator=None)


def within(path, org):
    """Rows whose organisation (reached by `path`) lies in `org`'s subtree, `org` included."""
    return subtree_q(path, [org])


def any_within(path, orgs):
    return reduce(or_, (within(path, org) for org in orgs)) if orgs else Q(pk__in=[])


# The tree is at most five levels deep: a row's organisation is at most four steps below a child of any node.
MAX_STEPS = 5


def child_bucket(path, org):
    """The id of the child of `org` whose subtree holds the row's organisation (reached by `path`), found by
    walking the row's parent chain: one expression per row, whatever the number of children, and needing
    nothing of the tree but parent links."""
    org_pk = org.pk if hasattr(org, "pk") else org
    whens = []
    for steps in range(MAX_STEPS):
        node = path + "parent__" * steps
        whens.append(When(**{f"{node}parent_id": org_pk}, then=F(f"{node}id")))
    return Case(*whens, default=None, output_field=IntegerField())


def grouped_by_child(rows, path, org, **aggregates):
    """{child id: {name: value}} of `rows` inside `org`'s subtree, grouped by the child they fall under."""
    result = {}
    for row in (
        rows.filter(within(path, org))
        .annotate(_child=child_bucket(path, org))
        .order_by()
        .values("_child")
        .annotate(**aggregates)
    ):
        if row["_child"] is not None:
            result[row.pop("_child")] = row
    return result


def organisations():
    from orgs.models import Organisation

    return Organisation.objects.all()


def active_grassroots():
    return organisations().filter(level=Level.GRASSROOTS, status=Status.ACTIVE)


class Figure:
    """One figure. Subclasses give the key, name, unit and definition, and how it counts.

    The default counts organisations: `denominator_units(year)` over all the tree, of which those matching
    `numerator_q(year)` form the numerator; a subclass counting other rows (homes) overrides `counted()`."""

    key = ""
    name = ""
    unit = PERCENT
    definition = ""
    # when True the figure is a count of events in the year (value = numerator, no denominator)
    is_count = False
    # whether the figure's rows depend on the year; the others describe the records as they stand now, the same
    # for every year (the rollups count them once for all the years they hold)
    yearly = False

    # --- what is counted --------------------------------------------------------------------------------------
    def base(self, year):
        """The denominator's rows over the whole tree (organisations unless `counted()` says otherwise)."""
        raise NotImplementedError

    def numerator_q(self, year):
        raise NotImplementedError

    # path from a counted row to its organisation ("" when the rows are organisations)
    path = ""

    # --- the figure -------------------------------------------------------------------------------------------
    def compute(self, org, year):
        return self.compute_many([org], year)[org.pk]

    def compute_many(self, orgs, year):
        """{org id: FigureValue} for several subtrees, whatever their number: one aggregate query for the
        numerators and one for the denominators. The numerator's condition stands in the WHERE clause, so that
        its EXISTS tests run once per row rather than once per row and organisation."""
        orgs = list(orgs)
        if not orgs:
            return {}

        def counts(rows):
            per_org = {f"n{org.pk}": Count("pk", filter=within(self.path, org)) for org in orgs}
            return rows.filter(any_within(self.path, orgs)).aggregate(**per_org)

        numerators = counts(self.base(year).filter(self.numerator_q(year)))
        if self.is_count:
            return {org.pk: FigureValue.count(numerators[f"n{org.pk}"]) for org in orgs}
        denominators = counts(self.base(year))
        return {org.pk: FigureValue.rate(numerators[f"n{org.pk}"], denominators[f"n{org.pk}"]) for org in orgs}

    def children_values(self, org, year):
        """{child id: FigureValue} for every child of `org` that has rows (the others are empty): one grouped
        query for the numerators and one for the denominators, whatever the number of children."""
        numerators = grouped_by_child(self.base(year).filter(self.numerator_q(year)), self.path, org, n=Count("pk"))
        if self.is_count:
            return {child: FigureValue.count(row["n"]) for child, row in numerators.items()}
        denominators = grouped_by_child(self.base(year), self.path, org, n=Count("pk"))
        return {
            child: FigureValue.rate(numerators.get(child, {}).get("n", 0), row["n"])
            for child, row in denominators.items()
        }

    def empty(self):
        return FigureValue.count(0) if self.is_count else FigureValue.rate(0, 0)

    def value_of(self, numerator, denominator):
        """The FigureValue of a summed numerator and denominator (figures.rollups)."""
        return FigureValue.count(numerator) if self.is_count else FigureValue.rate(numerator, denominator)

    def leaf_values(self, parent, year):
        """{union id: FigureValue} for the active grassroots unions directly under `parent` (which the rollups
        hold only summed into their parent's bucket): one grouped query per part."""
        from django.db.models import Sum

        parent_pk = parent.pk if hasattr(parent, "pk") else parent
        totals = {}
        for side, rows, value, path in self.rollup_parts(year):
            grouped = (
                rows.filter(**{f"{path}parent_id": parent_pk, f"{path}level": Level.GRASSROOTS})
                .annotate(r_v=value)
                .order_by()
                .values(f"{path}id")
                .annotate(total=Sum("r_v"))
            )
            for row in grouped:
                entry = totals.setdefault(row[f"{path}id"], [0, None])
                if side == "n":
                    entry[0] += row["total"] or 0
                else:
                    entry[1] = (entry[1] or 0) + (row["total"] or 0)
        return {pk: self.value_of(n, d) for pk, (n, d) in totals.items()}

    def rollup_parts(self, year):
        """What the rollups sum for this figure: [(side, rows, value, path)], side "n" (numerator) or "d"
        (denominator), `value` the expression summed per row (1 to count rows), `path` from a row to its
        organisation. The same base and condition as compute() reads, so that both agree by construction."""
        from django.db.models import Value

        one = Value(1)
        parts = [("n", self.base(year).filter(self.numerator_q(year)), one, self.path)]
        if not self.is_count:
            parts.append(("d", self.base(year), one, self.path))
        return parts

    def by_children(self, org, year):
        children = list(organisations().filter(parent=org, status=Status.ACTIVE).order_by("level", "name"))
        values = self.children_values(org, year)
        return [(child, values.get(child.pk, self.empty())) for child in children]

    # the list page a click on the figure opens: "orgs" (the organisation list) or "rows" (the counted rows' own)
    listed = "orgs"

    def rows(self, year, side="n"):
        """The rows of the numerator ("n") or the denominator ("d") over the whole tree."""
        rows = self.base(year)
        return rows if side == "d" and not self.is_count else rows.filter(self.numerator_q(year))

    def unit_ids(self, year, side="n"):
        """The organisations behind the numerator or the denominator over the whole tree, as a subquery."""
        return self._organisation_ids(self.rows(year, side))

    def list_url(self, org, year, side="n", scope="within"):
        """The list page of what the figure counts inside `org`'s subtree (`scope="parent"`: among its direct
        children only): its count is the figure's numerator (or denominator) for figures counting rows."""
        from urllib.parse import urlencode

        from django.urls import reverse

        from core.urls_helpers import model_url

        value = f"{self.key}:{year}" + (":d" if side == "d" else "")
        if self.listed == "rows":
            base = model_url(self.base(year).model, "list")
        else:
            base = reverse("orgs:organisation_list")
        return f"{base}?{urlencode({scope: org.pk, 'figure': value})}"

    def _organisation_ids(self, rows):
        return rows.values(f"{self.path}pk" if self.path else "pk")

    def units(self, org, year):
        """The unions behind the numerator, inside `org`'s subtree."""
        rows = self.base(year).filter(within(self.path, org) & self.numerator_q(year))
        return organisations().filter(pk__in=self._organisation_ids(rows))

    def denominator_units(self, org, year):
        """The unions behind the denominator (for counts: the same as the numerator's)."""
        if self.is_count:
            return self.units(org, year)
        rows = self.base(year).filter(within(self.path, org))
        return organisations().filter(pk__in=self._organisation_ids(rows))

    def __repr__(self):
        return f"<Figure {self.key}>"


# --- the figures ------------------------------------------------------------------------------------------------


class MembershipRate(Figure):
    key = "membership_rate"
    name = _("入会率")
    definition = _(
        "辖区内正常状态基层工会的会员人数之和 ÷ 职工人数之和（含联合基层工会覆盖的其他单位的职工），"
        "按建会登记的当前数据，只计会员人数和职工人数都已填写的工会。"
    )
    path = "organisation__"

    def base(self, year):
        from unions.models import Registration

        return Registration.objects.filter(
            organisation__level=Level.GRASSROOTS,
            organisation__status=Status.ACTIVE,
            members__isnull=False,
            employees__isnull=False,
        )

    def numerator_q(self, year):
        return Q()

    def compute_many(self, orgs, year):
        """Sums of people, not counts of unions: members and employees from the registrations, plus the
        employees of the other units joint unions cover. Two aggregate queries."""
        from unions.models import CoveredEmployer

        orgs = list(orgs)
        if not orgs:
            return {}
        sums = {}
        for org in orgs:
            sums[f"m{org.pk}"] = Sum("members", filter=within(self.path, org))
            sums[f"e{org.pk}"] = Sum("employees", filter=within(self.path, org))
        totals = self.base(year).filter(any_within(self.path, orgs)).aggregate(**sums)
        # joined rather than `registration__in=<subquery>`, which SQLite runs once per covered employer
        covered = (
            CoveredEmployer.objects.filter(
                registration__organisation__level=Level.GRASSROOTS,
                registration__organisation__status=Status.ACTIVE,
                registration__members__isnull=False,
                registration__employees__isnull=False,
            )
            .filter(any_within("registration__organisation__", orgs))
            .aggregate(
                **{f"c{org.pk}": Sum("employees", filter=within("registration__organisation__", org)) for org in orgs}
            )
        )
        return {
            org.pk: FigureValue.rate(totals[f"m{org.pk}"], (totals[f"e{org.pk}"] or 0) + (covered[f"c{org.pk}"] or 0))
            for org in orgs
        }

    def rollup_parts(self, year):
        """Members over employees, the covered units' employees added to the denominator."""
        from unions.models import CoveredEmployer

        covered = CoveredEmployer.objects.filter(
            registration__organisation__level=Level.GRASSROOTS,
            registration__organisation__status=Status.ACTIVE,
            registration__members__isnull=False,
            registration__employees__isnull=False,
        )
        return [
            ("n", self.base(year), F("members"), self.path),
            ("d", self.base(year), F("employees"), self.path),
            ("d", covered, F("employees"), "registration__organisation__"),
        ]

    def children_values(self, org, year):
        from unions.models import CoveredEmployer

        people = grouped_by_child(self.base(year), self.path, org, m=Sum("members"), e=Sum("employees"))
        covered_path = "registration__organisation__"
        covered = grouped_by_child(
            CoveredEmployer.objects.filter(
                registration__organisation__level=Level.GRASSROOTS,
                registration__organisation__status=Status.ACTIVE,
                registration__members__isnull=False,
                registration__employees__isnull=False,
            ),
            covered_path,
            org,
            c=Sum("employees"),
        )
        return {
            child: FigureValue.rate(row["m"], (row["e"] or 0) + (covered.get(child, {}).get("c") or 0))
            for child, row in people.items()
        }


class UnionRate(Figure):
    """A share of the active grassroots unions of a subtree."""

    def base(self, year):
        return active_grassroots()


class SixHasRate(UnionRate):
    key = "six_has_rate"
    name = _("“六有”工会达标率")
    definition = _("“六有”六项全部评定为达标的正常基层工会数 ÷ 正常基层工会数。")

    def numerator_q(self, year):
        from unions.selectors import six_has_compliant_unions

        return Q(pk__in=six_has_compliant_unions())


class StationCoverage(Figure):
    key = "station_coverage"
    name = _("职工服务站覆盖率")
    definition = _(
        "辖区内本级或下级设有至少一个运行中职工服务站的区(市、县)总工会和乡镇(街道)工会数 ÷ "
        "区(市、县)总工会和乡镇(街道)工会总数。"
    )

    def base(self, year):
        return organisations().filter(level__in=[Level.COUNTY, Level.TOWNSHIP], status=Status.ACTIVE)

    def numerator_q(self, year):
        from stations.selectors import covered_area_ids

        return Q(pk__in=covered_area_ids())


class HomeStandardRate(Figure):
    key = "home_standard_rate"
    listed = "rows"
    name = _("职工之家“六位一体”达标率")
    definition = _(
        "使用中的职工之家中，办公、学习、教育、服务、咨询、活动六项功能都有阵地提供的家数 ÷ 使用中的职工之家数。"
    )
    path = "organisation__"

    def base(self, year):
        from homes.selectors import homes_in_use

        return homes_in_use()

    def numerator_q(self, year):
        from homes.selectors import standard_homes

        return Q(pk__in=standard_homes().values("pk"))


class IntegrationRate(UnionRate):
    key = "integration_rate"
    name = _("会站家一体化率")
    definition = _(
        "同时满足以下三条的正常基层工会数 ÷ 正常基层工会数：“六有”达标；由本会或其上级（至区(市、县)总工会为止）"
        "运行中的职工服务站服务；有“六位一体”达标、使用中的职工之家。"
    )

    def numerator_q(self, year):
        from homes.selectors import standard_homes
        from stations.selectors import served_by_station_q
        from unions.selectors import six_has_compliant_unions

        standard = standard_homes().filter(organisation=OuterRef("pk"))
        return Q(pk__in=six_has_compliant_unions()) & served_by_station_q() & Q(Exists(standard))


class ReturnCompleteness(UnionRate):
    key = "return_completeness"
    yearly = True
    name = _("年度填报完成率")
    definition = _("已填报本年度年度报表的正常基层工会数 ÷ 正常基层工会数（应报数）。")

    def returns(self, year):
        from unions.models import AnnualReturn

        return AnnualReturn.objects.filter(year=year, organisation=OuterRef("pk"))

    def numerator_q(self, year):
        return Q(Exists(self.returns(year)))


class ReturnOnTimeRate(ReturnCompleteness):
    key = "return_on_time_rate"
    name = _("年度填报及时率")
    definition = _("在填报截止日期当天或之前填报本年度年度报表的正常基层工会数 ÷ 正常基层工会数（应报数）。")

    def numerator_q(self, year):
        from unions.selectors import on_time_q

        return Q(Exists(self.returns(year).filter(on_time_q())))


class NewUnions(Figure):
    key = "new_unions"
    yearly = True
    name = _("新建基层工会数")
    unit = _("个")
    definition = _("建会登记中建会日期在本年度内的基层工会数。")
    is_count = True
    path = "organisation__"

    def base(self, year):
        from unions.models import Registration

        return Registration.objects.filter(organisation__level=Level.GRASSROOTS)

    def numerator_q(self, year):
        return Q(founded_on__year=year)


class EmployersOrganised(Figure):
    key = "employers_organised"
    yearly = True
    name = _("未建会单位建会数")
    unit = pgettext_lazy("unit of employers", "家")
    definition = _("未建会单位名单中，本年度内进展为“已建会”的单位数（按进展日期）。")
    is_count = True
    path = "area__"

    def base(self, year):
        from unions.choices import EmployerStatus
        from unions.models import UnorganisedEmployer

        return UnorganisedEmployer.objects.filter(status=EmployerStatus.ESTABLISHED)

    def numerator_q(self, year):
        return Q(status_on__year=year)

    def unit_ids(self, year, side="n"):
        return self.rows(year, side).values("union_id")

    def units(self, org, year):
        """The new unions the organised employers founded."""
        rows = self.base(year).filter(within(self.path, org) & self.numerator_q(year))
        return organisations().filter(pk__in=rows.values("union_id"))


FIGURES = {
    figure.key: figure
    for figure in (
        MembershipRate(),
        SixHasRate(),
        StationCoverage(),
        HomeStandardRate(),
        IntegrationRate(),
        ReturnCompleteness(),
        ReturnOnTimeRate(),
        NewUnions(),
        EmployersOrganised(),
    )
}


def get_figure(key):
    """The figure of `key`; KeyError for an unknown key."""
    return FIGURES[key]


def figure_choices():
    """(key, name) pairs for forms and filters."""
    return [(figure.key, figure.name) for figure in FIGURES.values()]


def compute_all(org, year, figures=None):
    """[(figure, FigureValue)] for one subtree: one or two queries per figure."""
    figures = list(FIGURES.values()) if figures is None else figures
    return [(figure, figure.compute(org, year)) for figure in figures]


def by_children(org, year, figures=None):
    """One row per active child of `org`: (child, {key: FigureValue}); two grouped queries per figure, whatever
    the number of children."""
    figures = list(FIGURES.values()) if figures is None else figures
    children = list(organisations().filter(parent=org, status=Status.ACTIVE).order_by("level", "name"))
    values = {figure.key: figure.children_values(org, year) for figure in figures}
    return [
        (child, {figure.key: values[figure.key].get(child.pk, figure.empty()) for figure in figures})
        for child in children
    ]
