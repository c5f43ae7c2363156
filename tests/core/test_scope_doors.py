"""Related records named at any door (a form's prefill, the API, an import) are cut to the user's scope before
anything reads them: an id or name outside the scope reads exactly like one that does not exist."""

import datetime
import re

from django.test import TestCase
from django.urls import reverse

from core.imports import resource_for
from core.testing import api_client
from stations.models import ServiceRecord
from tests.core.test_import_batches import sheet
from tests.factories import OrganisationFactory, grassroots
from tests.stations.factories import ServiceStationFactory
from tests.unions.factories import SixHasItemFactory
from unions.choices import SixHas

MISSING_ID = 987654


def six_has_prefill(client, organisation_id):
    page = client.get(reverse("unions:annualreturn_add"), {"organisation": organisation_id}).content.decode()
    match = re.search(r'name="six_has_met"[^>]*value="(\d*)"', page) or re.search(
        r'value="(\d*)"[^>]*name="six_has_met"', page
    )
    return match.group(1) if match else None


def met_all_six(union):
    for item in SixHas.values:
        SixHasItemFactory(organisation=union, item=item)


def test_return_form_prefills_only_unions_in_scope(client, world):
    mine, theirs = grassroots(world.county_a, "本县六有工会"), grassroots(world.county_b, "外县六有工会")
    met_all_six(mine)
    met_all_six(theirs)
    client.force_login(world.officer)
    assert six_has_prefill(client, mine.pk) == "6"
    # Outside the scope: the same form as for an id that does not exist (nothing of that union shown).
    assert six_has_prefill(client, theirs.pk) == six_has_prefill(client, MISSING_ID)
    assert six_has_prefill(client, theirs.pk) != "6"
    assert (
        theirs.name not in client.get(reverse("unions:annualreturn_add"), {"organisation": theirs.pk}).content.decode()
    )


def test_api_many_to_many_outside_scope_reads_as_missing(world):
    station = ServiceStationFactory(host=world.county_a, name="范围站")
    outside = grassroots(world.county_b, "外县某公司工会")
    api = api_client(world.officer)
    data = {
        "station": station.pk,
        "date": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
        "category": "rights",
        "workers_served": 1,
        "description": "咨询",
    }
    url = reverse("api:servicerecord-list")
    answer_outside = api.post(url, {**data, "unions": [outside.pk]}, format="json")
    answer_missing = api.post(url, {**data, "unions": [MISSING_ID]}, format="json")
    assert answer_outside.status_code == answer_missing.status_code == 400
    assert outside.name not in answer_outside.content.decode()
    assert answer_outside.json()["unions"][0].replace(str(outside.pk), "N") == answer_missing.json()["unions"][
        0
    ].replace(str(MISSING_ID), "N")
    assert not ServiceRecord.objects.exists()


def test_api_merge_into_outside_scope_reads_as_missing(world):
    union = grassroots(world.county_a, "待合并工会")
    outside = grassroots(world.county_b, "外县同级工会")
    api = api_client(world.officer)
    url = reverse("api:organisation-dissolve", args=[union.pk])
    answer_outside = api.post(url, {"merged_into": outside.pk}, format="json")
    answer_missing = api.post(url, {"merged_into": MISSING_ID}, format="json")
    assert answer_outside.status_code == answer_missing.status_code == 400
    assert answer_outside.json()["merged_into"][0].replace(str(outside.pk), "N") == answer_missing.json()[
        "merged_into"
    ][0].replace(str(MISSING_ID), "N")
    union.refresh_from_db()
    assert union.status == "active"


def test_credit_code_clash_reads_the_same_in_and_out_of_scope(world):
    from tests.factories import valid_credit_code

    OrganisationFactory(parent=world.county_a, name="本县有码工会", credit_code=valid_credit_code(31, kind="81"))
    OrganisationFactory(parent=world.county_b, name="外县有码工会", credit_code=valid_credit_code(32, kind="81"))
    api = api_client(world.officer)
    answers = []
    for n in (31, 32):
        response = api.post(
            reverse("api:organisation-list"),
            {
                "name": f"新工会{n}",
                "level": "grassroots",
                "parent": world.county_a.pk,
                "credit_code": valid_credit_code(n, kind="81"),
            },
            format="json",
        )
        assert response.status_code == 400
        answers.append(response.json())
    assert answers[0] == answers[1]
    assert "外县有码工会" not in str(answers[1])


def test_import_names_outside_scope_read_as_missing(world):
    station = ServiceStationFactory(host=world.county_a, name="导入范围站")
    outside = grassroots(world.county_b, "外县台账工会")
    day = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    row = {"服务站": station.name, "服务日期": day, "服务类别": "权益维护", "服务内容": "咨询"}
    resource = resource_for("stations.servicerecord")
    outside_report = resource(user=world.officer).run(sheet([{**row, "职工所在工会": outside.name}]), commit=True)
    missing_report = resource(user=world.officer).run(sheet([{**row, "职工所在工会": "不存在的工会"}]), commit=True)
    assert [e["column"] for e in outside_report.errors] == ["职工所在工会"]
    assert outside_report.errors[0]["message"].replace(outside.name, "X") == missing_report.errors[0][
        "message"
    ].replace("不存在的工会", "X")
    assert not ServiceRecord.objects.exists()


def test_form_choices_outside_scope_read_as_missing(client, world):
    station = ServiceStationFactory(host=world.county_a, name="表单范围站")
    outside = grassroots(world.county_b, "外县表单工会")
    client.force_login(world.officer)
    data = {
        "station": station.pk,
        "date": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
        "category": "rights",
        "workers_served": 1,
        "description": "咨询",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        page_outside = client.post(reverse("stations:servicerecord_add"), {**data, "unions": [outside.pk]})
        page_missing = client.post(reverse("stations:servicerecord_add"), {**data, "unions": [MISSING_ID]})
    assert page_outside.status_code == page_missing.status_code == 200
    assert outside.name not in page_outside.content.decode()
    assert not ServiceRecord.objects.exists()
