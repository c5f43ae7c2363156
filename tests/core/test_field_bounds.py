"""Bounds every field keeps at every door (core.models.CheckedFieldsMixin): dates, years, integers, long text
and names; and a unique race answers the plain duplicate's message (core.services.save_checked)."""

import threading

import pytest
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from core.models import ImportJob
from core.testing import api_client, upload
from orgs.models import Organisation
from tests.unions.factories import annual_return_in, union_under
from unions.models import AnnualReturn, Registration

REGISTRATION = {"employer_name": "边界测试单位", "employees": 10, "members": 9}


def import_errors(client, url, rows):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, url, rows)
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1]).errors


@pytest.mark.parametrize(
    "day,message",
    [("0001-01-01", "不能早于 1949 年"), ("1948-12-31", "不能早于 1949 年"), ("9999-12-31", "不能晚于今天")],
)
def test_dates_out_of_bounds_are_refused_at_every_door(client, world, day, message):
    api = api_client(world.officer)
    response = api.post(
        reverse("api:registration-list"),
        {**REGISTRATION, "organisation": union_under(world.county_a).pk, "founded_on": day},
        format="json",
    )
    assert response.status_code == 400 and message in response.json()["founded_on"][0]

    client.force_login(world.officer)
    union = union_under(world.county_a)
    page = client.post(
        reverse("unions:registration_add"),
        {"organisation": union.pk, "employer_name": "单位", "employees": "5", "members": "5", "founded_on": day,
         "chair_term_years": "5", "employers-TOTAL_FORMS": "0", "employers-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert page.status_code == 200 and message in page.content.decode()

    errors = import_errors(
        client,
        reverse("unions:registration_import"),
        [{"基层工会": union_under(world.county_a).name, "单位名称": "导入单位", "职工人数": 3, "会员人数": 3,
          "建会日期": day}],
    )  # fmt: skip
    assert any(message in e["message"] for e in errors), errors
    assert not Registration.objects.exists()


def test_a_date_may_lie_ahead_where_it_is_a_deadline_or_plan(world):
    from cadres.models import ContactAssignment

    assignment = ContactAssignment(start_on="2030-01-01", end_on="2031-01-01")
    with pytest.raises(Exception) as refused:
        assignment.full_clean()
    assert "start_on" not in refused.value.message_dict and "end_on" not in refused.value.message_dict
    assignment.end_on = "2100-01-01"
    with pytest.raises(Exception) as refused:
        assignment.full_clean()
    assert "不能晚于 2099 年" in refused.value.message_dict["end_on"][0]


@pytest.mark.parametrize("year", [10000, 32767, 1700, 99999999999999999999])
def test_annual_return_year_out_of_bounds_is_a_400(world, year):
    ret = annual_return_in(world.county_a, year=2025)
    response = api_client(world.officer).patch(
        reverse("api:annualreturn-detail", args=[ret.pk]), {"year": year}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "year" in response.json()
    ret.refresh_from_db()
    assert ret.year == 2025


def test_huge_integers_are_a_400_not_an_overflow(world):
    response = api_client(world.officer).post(
        reverse("api:registration-list"),
        {**REGISTRATION, "organisation": union_under(world.county_a).pk, "employees": 10**30},
        format="json",
    )
    assert response.status_code == 400 and "employees" in response.json()


def test_long_text_is_capped_at_every_door(client, world, settings):
    settings.TEXT_MAX_LENGTH = 100
    ret = annual_return_in(world.county_a, year=2025)
    api = api_client(world.officer)
    response = api.patch(reverse("api:annualreturn-detail", args=[ret.pk]), {"note": "长" * 101}, format="json")
    assert response.status_code == 400 and "最多 100 个字符" in response.json()["note"][0]
    response = api.patch(reverse("api:annualreturn-detail", args=[ret.pk]), {"note": "长" * 100}, format="json")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "trick", ["甲一\u200b街道工会", "\u202e甲一街道工会", "甲一街道工会\u2066", "甲一街道工会\u00ad"]
)
def test_sibling_names_are_compared_after_normalising(client, world, trick):
    response = api_client(world.officer).post(
        reverse("api:organisation-list"),
        {"name": trick, "level": "township", "parent": world.county_a.pk},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert Organisation.objects.filter(parent=world.county_a).count() == 1
    client.force_login(world.officer)
    page = client.post(
        reverse("orgs:organisation_add"), {"name": trick, "level": "township", "parent": world.county_a.pk}
    )
    assert page.status_code == 200
    assert Organisation.objects.filter(parent=world.county_a).count() == 1


def test_names_are_stored_normalised(world):
    response = api_client(world.officer).post(
        reverse("api:organisation-list"),
        {"name": " \u202eＡＢＣ\u200b  工会\t", "level": "township", "parent": world.county_a.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Organisation.objects.get(pk=response.json()["id"]).name == "ABC 工会"


def _race(count, work):
    barrier, results = threading.Barrier(count), []

    def run():
        try:
            barrier.wait(timeout=30)
            results.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_parallel_creates_of_one_annual_return_get_the_duplicate_message(postgres, world):
    union = union_under(world.county_a)
    annual_return_in(world.county_a, year=2024, union=union)  # its period for 2025 does not exist yet
    plain = api_client(world.officer)
    data = {"organisation": union.pk, "year": 2025, "employees": 10, "members": 9}

    def create():
        response = api_client(world.officer).post(reverse("api:annualreturn-list"), data, format="json")
        return response.status_code, response.json()

    results = _race(4, create)
    assert sorted(status for status, _body in results) == [201, 400, 400, 400], results
    duplicate = plain.post(reverse("api:annualreturn-list"), data, format="json")
    assert duplicate.status_code == 400
    refused = [body for status, body in results if status == 400]
    assert all(body == duplicate.json() for body in refused), (refused, duplicate.json())
    assert AnnualReturn.objects.filter(organisation=union, year=2025).count() == 1


def test_parallel_creates_of_one_registration_get_the_duplicate_message(postgres, world):
    union = union_under(world.county_a)
    data = {**REGISTRATION, "organisation": union.pk}

    def create():
        response = api_client(world.officer).post(reverse("api:registration-list"), data, format="json")
        return response.status_code, response.json()

    results = _race(4, create)
    assert sorted(status for status, _body in results) == [201, 400, 400, 400], results
    duplicate = api_client(world.officer).post(reverse("api:registration-list"), data, format="json")
    assert all(body == duplicate.json() for status, body in results if status == 400)
    assert Registration.objects.filter(organisation=union).count() == 1
