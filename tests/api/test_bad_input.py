"""Hostile or malformed input answers a clear 4xx, never a 500, and changes nothing."""

import json

import pytest
from django.urls import reverse

from core.testing import api_client
from tests.unions.factories import annual_return_in
from unions.choices import PeriodState


@pytest.fixture
def submitted(world):
    period = annual_return_in(world.county_a, year=2025).period
    period.state = PeriodState.SUBMITTED
    period.save()
    return period


def nested(depth):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


def post_raw(client, url, body):
    return client.generic("POST", url, body, content_type="application/json")


@pytest.mark.parametrize("body", ["[]", '["ok"]', '"approve"', "5", "null", "true"])
@pytest.mark.parametrize("action", ["approve", "send-back"])
def test_period_decisions_refuse_bodies_that_are_not_objects(world, submitted, body, action):
    client = api_client(world.prefecture_officer)
    name = "api:returnperiod-approve" if action == "approve" else "api:returnperiod-send-back"
    response = post_raw(client, reverse(name, args=[submitted.pk]), body)
    assert response.status_code == 400
    assert "JSON 对象" in response.json()["detail"]
    submitted.refresh_from_db()
    assert submitted.state == PeriodState.SUBMITTED


def test_deeply_nested_json_is_refused_everywhere(world, submitted):
    client = api_client(world.prefecture_officer)
    deep = "[" * 5000 + "]" * 5000
    for url in (reverse("api:returnperiod-approve", args=[submitted.pk]), reverse("api:organisation-list")):
        response = post_raw(client, url, '{"comment": ' + deep + "}")
        assert response.status_code == 400, url
        assert "嵌套过深" in response.json()["detail"]
    # Below Python's recursion limit but still absurd: refused by the depth check, not parsed into the view.
    response = post_raw(client, reverse("api:organisation-list"), json.dumps({"name": nested(40)}))
    assert response.status_code == 400


def test_oversized_body_is_refused(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = api_client(world.officer)
    response = post_raw(client, reverse("api:organisation-list"), json.dumps({"name": "工" * 2000}))
    assert response.status_code == 413
    assert "请求内容超过" in response.json()["detail"]


def test_not_json_and_nan_are_parse_errors(world):
    client = api_client(world.officer)
    for body in ("{", '{"name": NaN}', b"\xff\xfe{}"):
        assert post_raw(client, reverse("api:organisation-list"), body).status_code == 400


@pytest.mark.parametrize(
    "given,kept",
    [("abc-123_X.y:z", True), ("a" * 64, True), ("a" * 65, False), ("<script>", False), ("id with space", False)],
)
def test_request_id_header_is_validated(client, world, given, kept):
    client.force_login(world.officer)
    response = client.get(reverse("orgs:organisation_list"), HTTP_X_REQUEST_ID=given)
    assert response.status_code == 200
    returned = response["X-Request-ID"]
    assert (returned == given) is kept
    assert len(returned) <= 64


def test_history_keeps_only_a_valid_request_id(world):
    from orgs.models import Organisation

    client = api_client(world.officer)
    response = client.post(
        reverse("api:organisation-list"),
        {"name": "请求编号测试工会", "level": "grassroots", "parent": world.county_a.pk},
        format="json",
        HTTP_X_REQUEST_ID="x" * 100,
    )
    assert response.status_code == 201, response.content
    row = Organisation.history.get(id=response.json()["id"])
    assert row.request_id == response["X-Request-ID"] and len(row.request_id) == 32


def test_nul_in_any_query_parameter_is_not_a_server_error(client, world):
    client.force_login(world.officer)
    for url in (
        reverse("orgs:organisation_autocomplete") + "?level=grassroots%00&q=%E7%94%B2",
        reverse("orgs:organisation_list") + "?level=county%00&q=a%00b",
        reverse("orgs:organisation_list") + "?le%00vel=county",
        "/api/v1/orgs/?level=county%00&search=%00",
        "/api/v1/annual-returns/?year=20%0025",
    ):
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)


def test_out_of_range_filter_numbers_are_a_400(world):
    client = api_client(world.officer)
    for url in (
        "/api/v1/activities/?station=99999999999999999999",
        "/api/v1/homes/facilities/?home=-1.7976931348623155e%2B308",
    ):
        response = client.get(url)
        assert response.status_code == 400, (url, response.status_code)


def test_unknown_api_paths_are_json_404_in_chinese(world):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.officer)
    for method, url in (("get", "/api/v1/orgs/0.5/"), ("put", "/api/v1/cadres/0.5/"), ("get", "/api/v1/orgs/999999/")):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
        assert response.json() == {"detail": "未找到。"}
