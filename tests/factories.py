"""Factories shared by every app's tests: users, organisations, roles, and a small standard tree."""

from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from orgs.choices import Level, RoleKind
from orgs.models import Organisation, Role
from orgs.validators import credit_code_check_char

PASSWORD = "Test-Password-2017"


def valid_credit_code(n, kind="91"):
    """A valid code registered in 630102: an enterprise's (91) unless `kind` says otherwise (81: a union's)."""
    body = f"{kind}630102{n:09d}"[:17]
    return body + credit_code_check_char(body)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("name", locale="zh_CN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(DjangoModelFactory):
    """Saves through MPTT directly; services are exercised by the tests that use the doors."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试工会{n}")
    level = Level.GRASSROOTS
    parent = None


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory, level=Level.PROVINCE, parent=None)
    kind = RoleKind.COUNTY_OFFICER


def user_with_role(username, kind, organisation):
    user = UserFactory(username=username)
    RoleFactory(user=user, kind=kind, organisation=organisation)
    return user


@dataclass
class World:
    """A province with two prefectures, each with a county; people with roles in them.

    county_a is the "in scope" county of `officer`; county_b belongs to `outsider`."""

    province: Organisation
    prefecture_a: Organisation
    county_a: Organisation
    township_a: Organisation
    prefecture_b: Organisation
    county_b: Organisation
    officer: object  # county officer at county_a
    prefecture_officer: object
    viewer: object  # read-only at county_a
    inspector: object  # inspector reading prefecture_a
    province_staff: object
    outsider: object  # county officer at county_b
    admin: object


def build_world():
    province = OrganisationFactory(name="测试省总工会", level=Level.PROVINCE, division_code="630000000000")
    prefecture_a = OrganisationFactory(name="甲市总工会", level=Level.PREFECTURE, parent=province)
    county_a = OrganisationFactory(
        name="甲一区总工会", level=Level.COUNTY, parent=prefecture_a, division_code="630102000000"
    )
    township_a = OrganisationFactory(name="甲一街道工会", level=Level.TOWNSHIP, parent=county_a)
    prefecture_b = OrganisationFactory(name="乙州总工会", level=Level.PREFECTURE, parent=province)
    county_b = OrganisationFactory(name="乙一县总工会", level=Level.COUNTY, parent=prefecture_b)
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    return World(
        province=province,
        prefecture_a=prefecture_a,
        county_a=county_a,
        township_a=township_a,
        prefecture_b=prefecture_b,
        county_b=county_b,
        officer=user_with_role("officer", RoleKind.COUNTY_OFFICER, county_a),
        prefecture_officer=user_with_role("pref", RoleKind.PREFECTURE_OFFICER, prefecture_a),
        viewer=user_with_role("viewer", RoleKind.VIEWER, county_a),
        inspector=user_with_role("inspector", RoleKind.INSPECTOR, prefecture_a),
        province_staff=user_with_role("staff", RoleKind.PROVINCE_STAFF, province),
        outsider=user_with_role("outsider", RoleKind.COUNTY_OFFICER, county_b),
        admin=admin,
    )


def invalid_credit_code(n):
    """An 18-character code of the right shape whose GB 32100 check character is wrong."""
    good = valid_credit_code(n)
    wrong = "0" if good[-1] != "0" else "1"
    return good[:-1] + wrong


def grassroots(parent, name=None, **kwargs):
    """A saved grassroots union under `parent` (through MPTT directly, as OrganisationFactory does)."""
    if name is not None:
        kwargs["name"] = name
    return OrganisationFactory(level=Level.GRASSROOTS, parent=parent, **kwargs)
