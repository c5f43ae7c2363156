"""Each 会 rule, refused with the same words at each door: the browser form, the spreadsheet import and the
API. A refused write changes nothing."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse

from core.testing import api_client, upload
from orgs.validators import credit_code_check_char
from tests.factories import invalid_credit_code, valid_credit_code
from tests.unions.factories import annual_return_in, union_under
from unions.models import AnnualReturn, Registration
from unions.resources import AnnualReturnResource, RegistrationResource


def code_registered_in(region, n=1, kind="91"):
    body = f"{kind}{region}{n:09d}"[:17]
    return body + credit_code_check_char(body)


TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()

# rule, the fields that break it, the field it is reported on, words of the message
REGISTRATION_RULES = [
    ("members ≤ employees", {"employees": 50, "members": 60}, "members", "不能多于职工人数"),
    ("female ≤ members", {"members": 20, "female_members": 21}, "female_members", "不能多于会员总数"),
    ("migrant ≤ members", {"members": 20, "migrant_members": 25}, "migrant_members", "不能多于会员总数"),
    ("new forms ≤ members", {"members": 20, "new_forms_members": 30}, "new_forms_members", "不能多于会员总数"),
    ("founded not in future", {"founded_on": TOMORROW}, "founded_on", "不能晚于今天"),
    (
        "chair elected after founding",
        {"founded_on": "2020-05-01", "chair_elected_on": "2019-01-01"},
        "chair_elected_on",
        "不能早于建会日期",
    ),
    ("credit code checked", {"employer_credit_code": invalid_credit_code(7)}, "employer_credit_code", "校验位不正确"),
    (
        "employer in the county",
        {"employer_credit_code": code_registered_in("630105")},
        "employer_credit_code",
        "登记机关区划码为 630105",
    ),
    ("committee ≤ members", {"members": 20, "committee_members": 21}, "committee_members", "不能多于会员人数"),
    ("a joint union lists its other units", {"is_joint": True}, "is_joint", "至少填写一个单位"),
    (
        "the employer's code is not a union's",
        {"employer_credit_code": code_registered_in("630102", kind="81")},
        "employer_credit_code",
        "是工会的统一社会信用代码",
    ),
]
RETURN_RULES = [r for r in REGISTRATION_RULES if r[2] in ("members", "female_members", "migrant_members")]

BASE = {"employer_name": "规则测试单位", "employees": 100, "members": 90}


def column_of(resource_class, field):
    return str(resource_class(user=None).fields[field].column_name)


def form_value(value):
    return "" if value is None else str(value)


@pytest.mark.parametrize("rule, bad, field, words", REGISTRATION_RULES, ids=[r[0] for r in REGISTRATION_RULES])
class TestRegistrationRules:
    def test_form(self, client, world, rule, bad, field, words):
        union = union_under(world.county_a)
        client.force_login(world.officer)
        data = {**BASE, **bad, "organisation": union.pk, "chair_term_years": 5}
        data = {key: form_value(value) for key, value in data.items()}
        data.update({"covered_employers-TOTAL_FORMS": "0", "covered_employers-INITIAL_FORMS": "0"})
        response = client.post(reverse("unions:registration_add"), data)
        assert response.status_code == 200
        assert words in response.context["form"].errors[field][0]
        assert not Registration.objects.exists()

    def test_import(self, client, world, rule, bad, field, words):
        union = union_under(world.county_a)
        client.force_login(world.officer)
        row = {column_of(RegistrationResource, "organisation"): union.name}
        for key, value in {**BASE, **bad}.items():
            row[column_of(RegistrationResource, key)] = value
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = upload(client, reverse("unions:registration_import"), [row])
        page = client.get(response["Location"]).content.decode()
        assert words in page
        assert column_of(RegistrationResource, field) in page
        assert not Registration.objects.exists()

    def test_api(self, world, rule, bad, field, words):
        union = union_under(world.county_a)
        response = api_client(world.officer).post(
            reverse("api:registration-list"), {**BASE, **bad, "organisation": union.pk}, format="json"
        )
        assert response.status_code == 400
        assert words in str(response.json()[field])
        assert not Registration.objects.exists()


@pytest.mark.parametrize("rule, bad, field, words", RETURN_RULES, ids=[r[0] for r in RETURN_RULES])
class TestAnnualReturnRules:
    def test_form(self, client, world, rule, bad, field, words):
        union = union_under(world.county_a)
        client.force_login(world.officer)
        data = {"employees": 100, "members": 90, **bad, "organisation": union.pk, "year": 2025, "six_has_met": 0}
        response = client.post(reverse("unions:annualreturn_add"), {k: form_value(v) for k, v in data.items()})
        assert response.status_code == 200
        assert words in response.context["form"].errors[field][0]
        assert not AnnualReturn.objects.exists()

    def test_import(self, client, world, rule, bad, field, words):
        union = union_under(world.county_a)
        client.force_login(world.officer)
        row = {column_of(AnnualReturnResource, "organisation"): union.name, "年度": 2025}
        for key, value in {"employees": 100, "members": 90, **bad}.items():
            row[column_of(AnnualReturnResource, key)] = value
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = upload(client, reverse("unions:annualreturn_import"), [row])
        page = client.get(response["Location"]).content.decode()
        assert words in page
        assert not AnnualReturn.objects.exists()

    def test_api(self, world, rule, bad, field, words):
        union = union_under(world.county_a)
        data = {"employees": 100, "members": 90, **bad, "organisation": union.pk, "year": 2025}
        response = api_client(world.officer).post(reverse("api:annualreturn-list"), data, format="json")
        assert response.status_code == 400
        assert words in str(response.json()[field])
        assert not AnnualReturn.objects.exists()


def test_codes_registered_by_the_prefecture_or_province_are_accepted(world):
    union = union_under(world.county_a)
    for region in ("630102", "630100", "630000"):
        response = api_client(world.officer).post(
            reverse("api:registration-list"),
            {**BASE, "organisation": union.pk, "employer_credit_code": code_registered_in(region)},
            format="json",
        )
        assert response.status_code == 201, response.json()
        Registration.objects.all().delete()


def test_joint_union_members_count_the_other_units_employees(client, world):
    """Members may exceed the main employer's workers when the joint union's other units make up the rest."""
    union = union_under(world.county_a)
    client.force_login(world.officer)
    data = {
        "organisation": union.pk, "employer_name": "主单位", "employees": "10", "members": "25", "is_joint": "on",
        "chair_term_years": "5", "covered_employers-TOTAL_FORMS": "2", "covered_employers-INITIAL_FORMS": "0",
        "covered_employers-0-name": "小店甲", "covered_employers-0-employees": "8",
        "covered_employers-1-name": "小店乙", "covered_employers-1-employees": "9",
        "covered_employers-1-credit_code": valid_credit_code(88),
    }  # fmt: skip
    response = client.post(reverse("unions:registration_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    registration = Registration.objects.get()
    assert registration.total_employees == 27
    assert round(registration.membership_rate, 2) == 0.93
    assert registration.covered_employers.count() == 2
    assert registration.covered_employers.first().history.first().history_user == world.officer

    data["members"] = "30"  # more than all 27 workers
    data["organisation"] = union_under(world.county_a).pk
    response = client.post(reverse("unions:registration_add"), data)
    assert "不能多于职工人数（27）" in response.context["form"].errors["members"][0]


def test_joint_union_must_list_its_other_units(client, world):
    client.force_login(world.officer)
    data = {
        "organisation": union_under(world.county_a).pk, "employer_name": "主单位", "employees": "10",
        "members": "5", "is_joint": "on", "chair_term_years": "5",
        "covered_employers-TOTAL_FORMS": "0", "covered_employers-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(reverse("unions:registration_add"), data)
    assert response.status_code == 200
    assert "至少填写一个单位" in str(response.context["form"].errors)
    assert not Registration.objects.exists()


def test_next_election_is_derived_from_elected_date_and_term(world):
    union = union_under(world.county_a)
    response = api_client(world.officer).post(
        reverse("api:registration-list"),
        {**BASE, "organisation": union.pk, "chair_elected_on": "2024-02-29", "chair_term_years": 3},
        format="json",
    )
    assert response.json()["next_election_due"] == "2027-02-28"
    assert response.json()["membership_rate"] == 0.9


def test_registration_is_for_grassroots_unions_only(world):
    response = api_client(world.officer).post(
        reverse("api:registration-list"), {**BASE, "organisation": world.township_a.pk}, format="json"
    )
    assert response.status_code == 400
    assert "只能为基层工会填写" in str(response.json())


def test_a_union_has_one_return_per_year(world):
    existing = annual_return_in(world.county_a, year=2025)
    response = api_client(world.officer).post(
        reverse("api:annualreturn-list"),
        {"organisation": existing.organisation_id, "year": 2025, "employees": 5, "members": 5},
        format="json",
    )
    assert response.status_code == 400
    assert "本年度已有年度报表" in str(response.json())


def test_county_sheet_registers_new_unions_and_their_registrations(client, world):
    """One sheet for a county: unions the tree lacks are created under their 上级组织, then registered; a
    single bad row leaves the tree and the registrations as they were."""
    from orgs.models import Organisation

    existing = union_under(world.county_a)
    client.force_login(world.officer)
    rows = [
        {"基层工会": existing.name, "上级组织": "", "单位名称": "老单位", "职工人数": 40, "会员人数": 40,
         "单位统一社会信用代码": "", "单位行业门类": ""},
        {"基层工会": "甲一区新华书店工会", "上级组织": world.county_a.name, "单位名称": "新华书店", "职工人数": 25,
         "会员人数": 20, "单位统一社会信用代码": valid_credit_code(5150), "单位行业门类": "F"},
        {"基层工会": "甲一街道超市工会", "上级组织": f"测试省总工会/甲市总工会/甲一区总工会/{world.township_a.name}",
         "单位名称": "超市", "职工人数": 9, "会员人数": 12},
    ]  # fmt: skip
    before = Organisation.objects.count()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("unions:registration_import"), rows)
    page = client.get(response["Location"]).content.decode()
    assert "不能多于职工人数" in page  # the third row: 12 members, 9 workers
    assert Organisation.objects.count() == before and not Registration.objects.exists()

    rows[2]["会员人数"] = 9
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("unions:registration_import"), rows)
    assert "校验通过" in client.get(response["Location"]).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(response["Location"])
    assert Organisation.objects.count() == before + 2
    bookshop = Organisation.objects.get(name="甲一区新华书店工会")
    assert bookshop.parent == world.county_a and bookshop.level == "grassroots" and bookshop.industry == "F"
    # the union has its own code (81…), never its employer's
    assert bookshop.credit_code == "" and bookshop.registration.employer_credit_code == valid_credit_code(5150)
    assert Organisation.objects.get(name="甲一街道超市工会").parent == world.township_a
    assert Registration.objects.count() == 3
    assert bookshop.history.first().history_user == world.officer

    # A parent outside the officer's scope is refused like any other name.
    rows = [{"基层工会": "越界工会", "上级组织": world.county_b.name, "单位名称": "某", "职工人数": 1, "会员人数": 1}]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("unions:registration_import"), rows)
    assert "不在您的管理范围内" in client.get(response["Location"]).content.decode()
    assert not Organisation.objects.filter(name="越界工会").exists()


def test_history_tab_shows_the_rows_edited_with_the_record(client, world):
    """A joint union's other units are edited inside its registration: their changes show on its history tab."""
    union = union_under(world.county_a)
    client.force_login(world.officer)
    data = {
        "organisation": union.pk, "employer_name": "主单位", "employees": "10", "members": "12", "is_joint": "on",
        "chair_term_years": "5", "covered_employers-TOTAL_FORMS": "1", "covered_employers-INITIAL_FORMS": "0",
        "covered_employers-0-name": "小店甲", "covered_employers-0-employees": "8",
    }  # fmt: skip
    assert client.post(reverse("unions:registration_add"), data).status_code == 302
    registration = Registration.objects.get()
    employer = registration.covered_employers.get()
    data.update({
        "covered_employers-INITIAL_FORMS": "1", "covered_employers-0-id": employer.pk,
        "covered_employers-0-registration": registration.pk, "covered_employers-0-employees": "9",
    })  # fmt: skip
    assert client.post(reverse("unions:registration_edit", args=[registration.pk]), data).status_code == 302
    page = client.get(reverse("unions:registration_history", args=[registration.pk])).content.decode()
    assert "其他覆盖单位：小店甲" in page
    assert '<del class="text-danger">8</del>' in page and '<ins class="text-success">9</ins>' in page
