"""A union's own credit code is a 工会 code (81 for a grassroots union, 8x above), at the form, import and API."""

from django.test import TestCase
from django.urls import reverse

from core.testing import api_client, upload
from orgs.models import Organisation
from tests.factories import valid_credit_code

WORDS = "工会自身的统一社会信用代码由工会登记（81 开头）"


def test_form_refuses_an_enterprise_code_for_a_union(client, world):
    client.force_login(world.officer)
    data = {"name": "代码类型工会", "level": "grassroots", "parent": world.county_a.pk,
            "credit_code": valid_credit_code(3), "status": "active"}  # fmt: skip
    response = client.post(reverse("orgs:organisation_add"), data)
    assert response.status_code == 200 and WORDS in response.content.decode()
    assert not Organisation.objects.filter(name="代码类型工会").exists()


def test_import_refuses_an_enterprise_code_for_a_union(client, world):
    client.force_login(world.officer)
    row = {"名称": "导入代码工会", "层级": "基层工会", "上级组织": world.county_a.name,
           "统一社会信用代码": valid_credit_code(4)}  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("orgs:organisation_import"), [row])
    assert WORDS in client.get(response["Location"]).content.decode()
    assert not Organisation.objects.filter(name="导入代码工会").exists()


def test_api_refuses_an_enterprise_code_and_accepts_a_union_code(world):
    api = api_client(world.officer)
    data = {"name": "接口代码工会", "level": "grassroots", "parent": world.county_a.pk}
    response = api.post(reverse("api:organisation-list"), {**data, "credit_code": valid_credit_code(5)}, format="json")
    assert response.status_code == 400 and WORDS in str(response.json()["credit_code"])
    good = valid_credit_code(5, kind="81")
    assert api.post(reverse("api:organisation-list"), {**data, "credit_code": good}, format="json").status_code == 201
