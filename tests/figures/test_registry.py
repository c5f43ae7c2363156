"""Each figure against a hand count on a small tree (tests/figures/factories.py says what each union has)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from figures.registry import FIGURES, FigureValue, by_children, get_figure
from tests.factories import grassroots

from .factories import YEAR, build_figure_world


@pytest.fixture
def fw(world):
    return build_figure_world(world)


def value(key, org):
    return get_figure(key).compute(org, YEAR)


def test_keys_names_units_and_definitions():
    for key in (
        "membership_rate",
        "six_has_rate",
        "station_coverage",
        "home_standard_rate",
        "integration_rate",
        "return_completeness",
        "return_on_time_rate",
        "new_unions",
        "employers_organised",
    ):
        figure = get_figure(key)
        assert figure.key == key
        assert str(figure.name) and str(figure.definition)
        assert figure.unit
    assert list(FIGURES) == [f.key for f in FIGURES.values()]


def test_membership_rate_sums_people_of_active_unions(world, fw):
    # u1 90/100, u2 50/(100 + 100 covered); u3 has no member count, u4 is dissolved
    assert value("membership_rate", world.county_a) == FigureValue(46.7, 140, 300)
    assert value("membership_rate", world.township_a) == FigureValue(46.7, 140, 300)
    assert value("membership_rate", fw.u1) == FigureValue(90.0, 90, 100)
    assert value("membership_rate", world.province) == FigureValue(48.4, 150, 310)
    assert set(get_figure("membership_rate").units(world.county_a, YEAR)) == {fw.u1, fw.u2}


def test_six_has_rate(world, fw):
    assert value("six_has_rate", world.county_a) == FigureValue(66.7, 2, 3)
    assert value("six_has_rate", world.province) == FigureValue(75.0, 3, 4)
    figure = get_figure("six_has_rate")
    assert set(figure.units(world.county_a, YEAR)) == {fw.u1, fw.u3}
    assert set(figure.denominator_units(world.county_a, YEAR)) == {fw.u1, fw.u2, fw.u3}


def test_station_coverage_counts_counties_and_townships(world, fw):
    # county_a and township_a have the township's station; county_b the station of u5 below it; township_b none
    assert value("station_coverage", world.county_a) == FigureValue(100.0, 2, 2)
    assert value("station_coverage", world.county_b) == FigureValue(50.0, 1, 2)
    assert value("station_coverage", world.province) == FigureValue(75.0, 3, 4)
    assert set(get_figure("station_coverage").units(world.province, YEAR)) == {
        world.county_a,
        world.township_a,
        world.county_b,
    }


def test_home_standard_rate_counts_homes_in_use(world, fw):
    # in use: u1 (standard) and the township's (office only); u3's home is closed
    assert value("home_standard_rate", world.county_a) == FigureValue(50.0, 1, 2)
    assert value("home_standard_rate", world.province) == FigureValue(66.7, 2, 3)
    assert set(get_figure("home_standard_rate").units(world.county_a, YEAR)) == {fw.u1}


def test_integration_rate(world, fw):
    # u1: all three; u2: five items; u3: no station above, home closed; u5: own station
    assert value("integration_rate", world.county_a) == FigureValue(33.3, 1, 3)
    assert value("integration_rate", world.province) == FigureValue(50.0, 2, 4)
    assert set(get_figure("integration_rate").units(world.province, YEAR)) == {fw.u1, fw.u5}


def test_a_county_station_serves_unions_below_its_townships(world, fw):
    from stations.choices import StationStatus
    from tests.stations.factories import ServiceStationFactory

    from .factories import six_has, standard_home

    deep = grassroots(fw.township_b)
    six_has(deep)
    standard_home(deep)
    assert deep not in get_figure("integration_rate").units(world.county_b, YEAR)
    ServiceStationFactory(host=world.county_b, status=StationStatus.ACTIVE)
    assert deep in get_figure("integration_rate").units(world.county_b, YEAR)
    # coverage looks down, not up: the township still has no station of its own or below it
    assert value("station_coverage", world.county_b) == FigureValue(50.0, 1, 2)


def test_returns_completeness_and_on_time(world, fw):
    assert value("return_completeness", world.county_a) == FigureValue(66.7, 2, 3)
    assert value("return_on_time_rate", world.county_a) == FigureValue(33.3, 1, 3)
    assert value("return_completeness", world.county_b) == FigureValue(0.0, 0, 1)
    assert get_figure("return_completeness").compute(world.county_a, YEAR - 1) == FigureValue(0.0, 0, 3)
    assert set(get_figure("return_on_time_rate").units(world.county_a, YEAR)) == {fw.u1}


def test_counts_of_the_year(world, fw):
    assert value("new_unions", world.county_a) == FigureValue(2, 2, None)
    assert get_figure("new_unions").compute(world.county_a, YEAR + 1) == FigureValue(0, 0, None)
    assert value("employers_organised", world.county_a) == FigureValue(1, 1, None)
    assert value("employers_organised", world.county_b) == FigureValue(0, 0, None)
    assert set(get_figure("employers_organised").units(world.county_a, YEAR)) == {fw.u1}


def test_empty_subtree_has_no_value(world):
    assert value("six_has_rate", world.county_b) == FigureValue(None, 0, 0)


def test_by_children_agrees_with_compute_and_costs_a_fixed_number_of_queries(world, fw):
    rows = by_children(world.province, YEAR)
    assert {child for child, _values in rows} == {world.prefecture_a, world.prefecture_b}
    for child, values in rows:
        for key, figure in FIGURES.items():
            assert values[key] == figure.compute(child, YEAR), (child, key)
    with CaptureQueriesContext(connection) as few:
        by_children(world.prefecture_a, YEAR)
    for _n in range(5):
        grassroots(world.prefecture_a)
    with CaptureQueriesContext(connection) as more:
        rows = by_children(world.prefecture_a, YEAR)
    assert len(rows) == 6
    assert len(more) == len(few)


def test_served_by_a_station_agrees_with_the_station_panel(world, fw):
    """The figure's parent-chain Q and the union page's `serving_ancestor_ids` say the same thing."""
    from orgs.models import Organisation
    from stations.models import ServiceStation
    from stations.selectors import served_by_station_q, serving_ancestor_ids

    unions = list(Organisation.objects.filter(level="grassroots"))
    served = set(Organisation.objects.filter(served_by_station_q(), level="grassroots"))
    active = ServiceStation.objects.filter(status="active")
    for union in unions:
        by_panel = active.filter(host_id__in=[union.pk, *serving_ancestor_ids(union)]).exists()
        assert (union in served) == by_panel, union
    assert fw.u1 in served and fw.u5 in served and fw.u3 not in served
