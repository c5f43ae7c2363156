"""A small subtree whose figures are counted by hand in the tests (see `figure_world`)."""

import datetime
from dataclasses import dataclass

from homes.choices import FacilityKind, HomeStatus
from orgs.choices import Level, Status
from stations.choices import StationStatus
from tests.factories import OrganisationFactory
from tests.homes.factories import FacilityFactory, WorkersHomeFactory
from tests.stations.factories import ServiceStationFactory
from tests.unions.factories import (
    RegistrationFactory,
    SixHasItemFactory,
    UnorganisedEmployerFactory,
    annual_return_in,
    union_under,
)
from unions.choices import EmployerStatus, ItemState, SixHas
from unions.models import AnnualReturn, CoveredEmployer

YEAR = 2025


def six_has(union, met=6):
    for item in list(SixHas)[:6]:
        SixHasItemFactory(organisation=union, item=item, state=ItemState.MET if item <= met else ItemState.NOT_MET)


def standard_home(org, **kwargs):
    home = WorkersHomeFactory(organisation=org, **kwargs)
    FacilityFactory(home=home, kind=FacilityKind.OFFICE, office=True, service=True, consultation=True)
    FacilityFactory(home=home, kind=FacilityKind.ACTIVITY_ROOM, activity=True, study=True, education=True)
    return home


@dataclass
class FigureWorld:
    u1: object  # under township_a: 90/100 members, six-has, served by the township's station, standard home
    u2: object  # under township_a: 50/(100+100) members, five items met, no home
    u3: object  # under county_a: members unknown, six-has, home closed, no station above it
    u4: object  # under county_a, dissolved: counted nowhere but in "founded"
    u5: object  # under county_b: six-has, own station, standard home
    township_b: object  # under county_b, no station


def build_figure_world(world):
    w = world
    u1, u2, u3, u4 = (union_under(org) for org in (w.township_a, w.township_a, w.county_a, w.county_a))
    u5 = union_under(w.county_b)
    township_b = OrganisationFactory(name="乙一镇工会", level=Level.TOWNSHIP, parent=w.county_b)
    u4.status, u4.status_changed_on = Status.DISSOLVED, datetime.date(2025, 12, 1)
    u4.save()

    RegistrationFactory(organisation=u1, members=90, employees=100, founded_on=datetime.date(YEAR, 3, 1))
    r2 = RegistrationFactory(organisation=u2, members=50, employees=100, is_joint=True)
    CoveredEmployer.objects.create(registration=r2, name="乙公司", employees=100)
    RegistrationFactory(organisation=u3, members=None, employees=80)
    RegistrationFactory(organisation=u4, members=100, employees=100, founded_on=datetime.date(YEAR, 5, 1))
    RegistrationFactory(organisation=u5, members=10, employees=10)

    six_has(u1)
    six_has(u2, met=5)
    six_has(u3)
    six_has(u5)

    ServiceStationFactory(host=w.township_a, status=StationStatus.ACTIVE)
    ServiceStationFactory(host=w.county_a, status=StationStatus.CLOSED, status_changed_on=datetime.date(2025, 1, 1))
    ServiceStationFactory(host=u5, status=StationStatus.ACTIVE)

    standard_home(u1)
    standard_home(u3, status=HomeStatus.CLOSED, status_date=datetime.date(2025, 1, 1))
    small = WorkersHomeFactory(organisation=w.township_a)
    FacilityFactory(home=small, kind=FacilityKind.OFFICE, office=True)
    standard_home(u5)

    on_time = annual_return_in(w.county_a, year=YEAR, union=u1)
    AnnualReturn.objects.filter(pk=on_time.pk).update(created=datetime.datetime(YEAR + 1, 2, 1, tzinfo=datetime.UTC))
    late = annual_return_in(w.county_a, year=YEAR, union=u2)
    AnnualReturn.objects.filter(pk=late.pk).update(created=datetime.datetime(YEAR + 1, 4, 30, tzinfo=datetime.UTC))

    UnorganisedEmployerFactory(
        area=w.county_a, status=EmployerStatus.ESTABLISHED, status_on=datetime.date(YEAR, 6, 1), union=u1
    )
    UnorganisedEmployerFactory(area=w.county_a, status=EmployerStatus.IDENTIFIED)
    return FigureWorld(u1=u1, u2=u2, u3=u3, u4=u4, u5=u5, township_b=township_b)
