"""Factories of the 会 records. Each record belongs to a grassroots union made under the organisation given."""

import datetime
import itertools

import factory
from factory.django import DjangoModelFactory

from tests.factories import grassroots, valid_credit_code
from unions.choices import ItemState, SixHas
from unions.models import AnnualReturn, Registration, ReturnPeriod, SixHasItem, UnorganisedEmployer, default_due_on
from unions.services import period_for, reporting_unit

_numbers = itertools.count(1)


def union_under(org, **kwargs):
    """A grassroots union under `org` whose name starts with the parent's, so names never nest by accident."""
    return grassroots(org, name=f"{org.name}·基层工会{next(_numbers):04d}", **kwargs)


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    employer_name = factory.LazyAttribute(lambda o: o.organisation.name.removesuffix("工会") + "公司")
    employer_credit_code = factory.LazyFunction(lambda: valid_credit_code(next(_numbers)))
    employees = 100
    members = 96
    female_members = 40
    migrant_members = 10
    new_forms_members = 2
    founded_on = datetime.date(2015, 5, 1)
    chair_name = "王建华"
    chair_elected_on = datetime.date(2023, 4, 1)
    chair_term_years = 5


class SixHasItemFactory(DjangoModelFactory):
    class Meta:
        model = SixHasItem

    item = SixHas.CHAIR
    state = ItemState.MET


class UnorganisedEmployerFactory(DjangoModelFactory):
    class Meta:
        model = UnorganisedEmployer

    name = factory.LazyAttribute(lambda o: f"{o.area.name}·未建会单位{next(_numbers):04d}")
    employees = 30


def registration_in(org, **kwargs):
    return RegistrationFactory(organisation=union_under(org), **kwargs)


def annual_return_in(org, year=2025, union=None, **kwargs):
    union = union or union_under(org)
    unit = reporting_unit(union)
    period = period_for(unit=unit, year=year)
    values = {"employees": 100, "members": 90}
    values.update(kwargs)
    return AnnualReturn.objects.create(organisation=union, year=year, period=period, **values)


def period_of(unit, year=2025, **kwargs):
    return ReturnPeriod.objects.create(unit=unit, year=year, due_on=default_due_on(year), **kwargs)
