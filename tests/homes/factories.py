import factory
from factory.django import DjangoModelFactory

from homes.choices import FacilityKind, Function
from homes.models import Facility, Honour, SatisfactionRating, WorkersHome
from orgs.choices import Level
from tests.factories import OrganisationFactory


class WorkersHomeFactory(DjangoModelFactory):
    class Meta:
        model = WorkersHome

    organisation = factory.SubFactory(OrganisationFactory, level=Level.GRASSROOTS)
    name = factory.Sequence(lambda n: f"测试职工之家{n}")


class FacilityFactory(DjangoModelFactory):
    class Meta:
        model = Facility

    home = factory.SubFactory(WorkersHomeFactory)
    kind = FacilityKind.ACTIVITY_ROOM
    area = 50


class HonourFactory(DjangoModelFactory):
    class Meta:
        model = Honour

    home = factory.SubFactory(WorkersHomeFactory)
    title = "qualified_home"
    level = "county"
    year = 2020


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = SatisfactionRating

    home = factory.SubFactory(WorkersHomeFactory)
    year = 2023
    percent = 92
    respondents = 50


def home_in(parent, **kwargs):
    """A home of a new grassroots union under `parent`."""
    org = OrganisationFactory(level=Level.GRASSROOTS, parent=parent)
    return WorkersHomeFactory(organisation=org, **kwargs)


def full_home(parent, **kwargs):
    """A home whose facilities cover all six functions."""
    home = home_in(parent, **kwargs)
    office = FacilityFactory(home=home, kind=FacilityKind.OFFICE, office=True, service=True, consultation=True)
    room = FacilityFactory(home=home, kind=FacilityKind.ACTIVITY_ROOM, activity=True, study=True, education=True)
    return home, office, room


ALL_FUNCTIONS = [code for code, _label in Function.choices]


def formset_data(prefix, rows, extra_initial=0):
    """POST data of an inline formset with `rows` (dicts of field values)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(extra_initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data
