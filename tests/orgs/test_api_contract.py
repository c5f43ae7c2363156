"""The organisation API as outside tools rely on it (issue 2, "The machinery every model reuses")."""

import pytest
from django.urls import reverse

from core.testing import api_client as api
from orgs.models import Organisation
from tests.factories import PASSWORD, grassroots, valid_credit_code

LIST = "/api/v1/orgs/"
TOKEN = "/api/v1/auth/token/"
CONTRACT_FIELDS = {"id", "name", "level", "parent", "credit_code", "division_code"}


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


class TestListShape:
    def test_page_numbered_json(self, world):
        for n in range(5):
            grassroots(world.county_a, f"分页公司{n}工会")
        client = api(world.officer)
        first = client.get(LIST, {"page_size": 3})
        assert first.status_code == 200
        body = first.json()
        assert set(body) >= {"count", "next", "previous", "results"}
        # county_a, township_a and the five unions
        assert body["count"] == 7
        assert len(body["results"]) == 3
        assert body["next"] and "page=2" in body["next"]
        second = client.get(body["next"])
        assert second.status_code == 200
        last = client.get(LIST, {"page_size": 3, "page": 3}).json()
        assert last["next"] is None and len(last["results"]) == 1
        seen = ids(first) | ids(second) | {row["id"] for row in last["results"]}
        assert len(seen) == 7

    def test_default_page_is_fifty(self, world):
        for n in range(52):
            grassroots(world.county_a, f"批量公司{n}工会")
        body = api(world.officer).get(LIST).json()
        assert body["count"] == 54 and len(body["results"]) == 50 and body["next"]

    def test_fields(self, world):
        code = valid_credit_code(31)
        union = grassroots(world.county_a, "字段公司工会", credit_code=code, division_code="630102001000")
        row = api(world.officer).get(reverse("api:organisation-detail", args=[union.pk])).json()
        assert CONTRACT_FIELDS <= set(row)
        assert row["id"] == union.pk
        assert row["name"] == "字段公司工会"
        assert row["level"] == "grassroots"
        assert row["parent"] == world.county_a.pk
        assert row["credit_code"] == code
        assert row["division_code"] == "630102001000"
        assert row["status"] == "active"
        assert row["path"] == ["测试省总工会", "甲市总工会", "甲一区总工会"]

    @pytest.mark.parametrize(
        "level", ["province", "prefecture", "county", "township", "grassroots", "industry", "direct"]
    )
    def test_level_values(self, world, level):
        parent = {
            "province": None,
            "prefecture": world.province,
            "county": world.prefecture_a,
            "township": world.county_a,
            "grassroots": world.township_a,
            "industry": world.province,
            "direct": world.province,
        }[level]
        response = api(world.admin).post(
            LIST, {"name": f"层级{level}工会", "level": level, "parent": parent and parent.pk}, format="json"
        )
        assert response.status_code == 201, response.content
        assert response.json()["level"] == level


class TestCreate:
    def test_only_name_level_parent_are_required(self, world):
        response = api(world.officer).post(
            LIST, {"name": "最少字段工会", "level": "grassroots", "parent": world.county_a.pk}, format="json"
        )
        assert response.status_code == 201, response.content
        row = response.json()
        created = Organisation.objects.get(pk=row["id"])
        assert created.parent_id == world.county_a.pk and created.credit_code == "" and created.division_code == ""
        assert created.history.first().history_user == world.officer

    def test_missing_required_fields_are_named(self, world):
        response = api(world.officer).post(LIST, {}, format="json")
        assert response.status_code == 400
        assert {"name", "level"} <= set(response.json())

    def test_out_of_scope_parent_is_400_without_the_name(self, world):
        before = Organisation.objects.count()
        response = api(world.officer).post(
            LIST, {"name": "越界工会", "level": "grassroots", "parent": world.county_b.pk}, format="json"
        )
        assert response.status_code == 400
        assert "parent" in response.json()
        text = response.content.decode()
        for name in (world.county_b.name, world.prefecture_b.name):
            assert name not in text
        # The same answer as for an id that does not exist at all: nothing tells the two apart.
        missing = api(world.officer).post(
            LIST, {"name": "越界工会", "level": "grassroots", "parent": 999999}, format="json"
        )
        assert missing.status_code == 400
        assert response.json()["parent"] == [
            m.replace("999999", str(world.county_b.pk)) for m in missing.json()["parent"]
        ]
        assert Organisation.objects.count() == before

    def test_read_only_role_cannot_create(self, world):
        response = api(world.viewer).post(
            LIST, {"name": "只读工会", "level": "grassroots", "parent": world.county_a.pk}, format="json"
        )
        assert response.status_code == 400
        assert not Organisation.objects.filter(name="只读工会").exists()


class TestFilters:
    @pytest.fixture
    def tree(self, world):
        return {
            "g1": grassroots(world.county_a, "城东青湖商贸有限公司工会委员会", credit_code=valid_credit_code(41)),
            "g2": grassroots(world.township_a, "街道昆仑物流有限公司工会委员会", division_code="630102003000"),
            "g3": grassroots(world.county_b, "乙县雪莲乳业有限公司工会委员会"),
        }

    def test_level(self, world, tree):
        assert ids(api(world.admin).get(LIST, {"level": "grassroots"})) == {o.pk for o in tree.values()}
        both = ids(api(world.admin).get(LIST, {"level": ["county", "township"]}))
        assert both == {world.county_a.pk, world.county_b.pk, world.township_a.pk}

    def test_parent_gives_direct_children_only(self, world, tree):
        assert ids(api(world.admin).get(LIST, {"parent": world.county_a.pk})) == {world.township_a.pk, tree["g1"].pk}

    def test_within_gives_the_subtree_itself_included(self, world, tree):
        expected = {world.county_a.pk, world.township_a.pk, tree["g1"].pk, tree["g2"].pk}
        assert ids(api(world.admin).get(LIST, {"within": world.county_a.pk})) == expected
        assert ids(api(world.admin).get(LIST, {"within": tree["g3"].pk})) == {tree["g3"].pk}

    def test_within_and_parent_outside_scope_leak_nothing(self, world, tree):
        for key in ("within", "parent"):
            response = api(world.officer).get(LIST, {key: world.prefecture_b.pk})
            assert response.status_code == 400
            assert world.prefecture_b.name not in response.content.decode()

    def test_search_by_name_and_codes(self, world, tree):
        client = api(world.admin)
        assert ids(client.get(LIST, {"search": "昆仑物流"})) == {tree["g2"].pk}
        assert ids(client.get(LIST, {"search": valid_credit_code(41)})) == {tree["g1"].pk}
        assert ids(client.get(LIST, {"search": "630102003000"})) == {tree["g2"].pk}
        assert ids(client.get(LIST, {"search": "没有这个名字"})) == set()

    def test_filters_stay_inside_scope(self, world, tree):
        assert ids(api(world.officer).get(LIST, {"level": "grassroots"})) == {tree["g1"].pk, tree["g2"].pk}
        assert ids(api(world.officer).get(LIST, {"search": "有限公司"})) == {tree["g1"].pk, tree["g2"].pk}

    def test_filters_combine(self, world, tree):
        got = ids(
            api(world.admin).get(LIST, {"within": world.prefecture_a.pk, "level": "grassroots", "search": "商贸"})
        )
        assert got == {tree["g1"].pk}


class TestToken:
    def test_token_for_username_and_password(self, world):
        response = api().post(TOKEN, {"username": "officer", "password": PASSWORD}, format="json")
        assert response.status_code == 200, response.content
        token = response.json()["token"]
        assert set(response.json()) == {"token"}
        client = api()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        listing = client.get(LIST)
        assert listing.status_code == 200
        assert world.county_a.pk in ids(listing) and world.county_b.pk not in ids(listing)
        created = client.post(LIST, {"name": "令牌新建工会", "level": "grassroots", "parent": world.county_a.pk})
        assert created.status_code == 201, created.content
        assert Organisation.objects.get(pk=created.json()["id"]).history.first().history_user == world.officer
        # The same token on a second request; form-encoded token requests work too.
        again = api().post(TOKEN, {"username": "officer", "password": PASSWORD})
        assert again.json()["token"] == token

    def test_wrong_password_gets_no_token(self, world):
        response = api().post(TOKEN, {"username": "officer", "password": "wrong-password"}, format="json")
        assert response.status_code == 400
        assert "token" not in response.json()

    def test_bad_token_and_no_token(self, world):
        client = api()
        assert client.get(LIST).status_code == 401
        client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
        assert client.get(LIST).status_code == 401

    def test_repeated_failures_lock_the_account_out(self, world, settings):
        settings.AXES_FAILURE_LIMIT = 3
        client = api()
        for _ in range(3):
            client.post(TOKEN, {"username": "officer", "password": "wrong-password"}, format="json")
        response = client.post(TOKEN, {"username": "officer", "password": PASSWORD}, format="json")
        # Told it is locked (issue 10), not the generic bad-credentials message.
        assert response.status_code == 429 and "token" not in response.json()
        assert "账号已暂时锁定" in response.json()["detail"]
        # The lockout is per user name (and address): another user is not locked out with them.
        other = client.post(TOKEN, {"username": "viewer", "password": PASSWORD}, format="json")
        assert other.status_code == 200 and other.json()["token"]


class TestPublicSchema:
    def test_schema_without_login(self, db):
        response = api().get("/api/schema/")
        assert response.status_code == 200
        text = response.content.decode()
        assert "/api/v1/orgs/" in text and "/api/v1/orgs/{id}/dissolve/" in text

    def test_schema_as_json(self, db):
        response = api().get("/api/schema/", {"format": "json"})
        assert response.status_code == 200
        schema = response.json()
        params = {p["name"] for p in schema["paths"]["/api/v1/orgs/"]["get"]["parameters"]}
        assert {"level", "parent", "within", "search", "page", "page_size"} <= params
        create = schema["components"]["schemas"]["OrganisationRequest"]
        assert set(create["required"]) == {"name", "level"}  # parent is nullable for the province, but named
        assert "parent" in create["properties"]

    def test_docs_without_login_and_self_hosted(self, client, db):
        response = client.get("/api/docs/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "/api/schema/" in body
        assert "cdn." not in body and "unpkg" not in body and "jsdelivr" not in body
