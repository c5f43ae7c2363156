"""Accounts managed down the tree, through the pages and the API as managers and their people use them."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from rest_framework.authtoken.models import Token

from accounts.models import Account
from core.testing import api_client
from orgs.choices import RoleKind
from orgs.models import Role
from tests.factories import PASSWORD

from .factories import account, account_edit_form, account_form

LOGIN = "/accounts/login/"
USERS = "/accounts/users/"
API = "/api/v1/users/"
TOKEN = "/api/v1/auth/token/"


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def temporary_password(body):
    return re.search(r"data-temporary-password>([^<]+)<", body).group(1)


# --- who sees whom ------------------------------------------------------------------------------------------
def test_an_account_is_in_scope_only_when_all_its_roles_are(world):
    both = account(world.county_a, username="both")
    Role.objects.create(user=both, organisation=world.county_b, kind=RoleKind.VIEWER)
    only_a = account(world.county_a, username="only_a")
    ids = lambda user: {row["id"] for row in api_client(user).get(API).json()["results"]}  # noqa: E731
    assert only_a.pk in ids(world.officer)
    assert both.pk not in ids(world.officer), "a role outside the county puts the account out of its reach"
    assert both.pk in ids(world.province_staff)
    assert world.officer.pk not in ids(world.officer), "one's own account is not managed here"
    assert world.admin.pk not in ids(world.province_staff)
    assert api_client(world.officer).post(f"{API}{both.pk}/reset-password/").status_code == 404


def test_prefecture_officer_sees_and_grants_only_inside_the_prefecture(world):
    client = api_client(world.prefecture_officer)
    ids = {row["id"] for row in client.get(API, {"page_size": 500}).json()["results"]}
    assert world.officer.pk in ids and world.outsider.pk not in ids and world.province_staff.pk not in ids
    outside = client.post(
        API,
        {"username": "x1", "full_name": "某", "roles": [{"organisation": world.county_b.pk, "kind": "viewer"}]},
        format="json",
    )
    assert outside.status_code == 400, outside.content
    too_high = client.post(
        API,
        {"username": "x2", "full_name": "某", "roles": [{"organisation": world.county_a.pk, "kind": "province_staff"}]},
        format="json",
    )
    assert too_high.status_code == 400
    assert "不能授予高于本人的角色" in too_high.content.decode()
    assert not Account.objects.filter(username__in=["x1", "x2"]).exists()
    ok = client.post(
        API,
        {"username": "x3", "full_name": "某", "roles": [{"organisation": world.county_a.pk, "kind": "county_officer"}]},
        format="json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["roles"] == [{"organisation": world.county_a.pk, "kind": "county_officer"}]
    assert len(ok.json()["temporary_password"]) >= 10


def test_county_officer_cannot_make_a_prefecture_officer_in_the_form(client, world):
    client.force_login(world.officer)
    page = client.get(f"{USERS}add/").content.decode()
    assert 'value="county_officer"' in page and 'value="prefecture_officer"' not in page
    response = client.post(f"{USERS}add/", account_form(world.county_a, RoleKind.PREFECTURE_OFFICER, username="up"))
    assert response.status_code == 200
    assert not Account.objects.filter(username="up").exists()


def test_menu_entry_for_managers_only(client, world):
    client.force_login(world.officer)
    assert 'href="/accounts/users/"' in client.get("/").content.decode()
    client.force_login(world.viewer)
    assert 'href="/accounts/users/"' not in client.get("/").content.decode()
    assert client.get(f"{USERS}add/").status_code == 403


# --- create, temporary password, first login ----------------------------------------------------------------
def test_created_account_gets_a_temporary_password_shown_once_and_changed_at_first_login(client, world):
    client.force_login(world.officer)
    response = client.post(f"{USERS}add/", account_form(world.township_a, RoleKind.COUNTY_OFFICER, username="wang"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    password = temporary_password(page)
    assert "data-temporary-password" not in client.get(response["Location"]).content.decode(), "shown once"
    new = Account.objects.get(username="wang")
    assert new.history.first().history_user == world.officer
    assert new.roles.get().organisation == world.township_a

    other = client.__class__()
    assert log_in(other, "wang", password).status_code == 302
    response = other.get("/orgs/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    assert other.get("/api/v1/orgs/").status_code == 403
    refused = api_client().post(TOKEN, {"username": "wang", "password": password}, format="json")
    assert refused.status_code == 403 and "临时密码" in refused.json()["detail"]
    mine = "Qinghai-Wang-2026x"
    response = other.post(
        "/accounts/password/", {"old_password": password, "new_password1": mine, "new_password2": mine}
    )
    assert response.status_code == 302
    assert other.get("/orgs/").status_code == 200
    assert api_client().post(TOKEN, {"username": "wang", "password": mine}, format="json").status_code == 200


def test_superior_resets_a_password(client, world):
    Token.objects.create(user=world.officer)
    client.force_login(world.prefecture_officer)
    url = f"{USERS}{world.officer.pk}/reset-password/"
    assert "生成临时密码" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    password = temporary_password(response.content.decode())
    assert not Token.objects.filter(user=world.officer).exists(), "old tokens end with the old password"
    record = Account.objects.get(pk=world.officer.pk).history.first()
    assert record.history_user == world.prefecture_officer and record.history_change_reason == "重置密码"
    assert "重置密码" in client.get(f"{USERS}{world.officer.pk}/history/").content.decode()
    fresh = client.__class__()
    assert log_in(fresh, "officer", PASSWORD).status_code == 200, "the old password no longer works"
    assert log_in(fresh, "officer", password).status_code == 302
    assert fresh.get("/").status_code == 302  # to the password page


def test_reset_over_the_api_and_out_of_scope(world):
    response = api_client(world.prefecture_officer).post(f"{API}{world.officer.pk}/reset-password/")
    assert response.status_code == 200 and len(response.json()["temporary_password"]) == 12
    assert api_client(world.officer).post(f"{API}{world.prefecture_officer.pk}/reset-password/").status_code == 404
    assert api_client(world.inspector).post(f"{API}{world.officer.pk}/reset-password/").status_code == 403


# --- deactivate, roles in history ---------------------------------------------------------------------------
def test_deactivate_and_role_changes_are_in_history(client, world):
    target = account(world.county_a, RoleKind.VIEWER, username="zhao")
    client.force_login(world.prefecture_officer)
    data = account_edit_form(target)
    data.pop("is_active")
    data.update(
        {
            "roles-TOTAL_FORMS": "2",
            "roles-1-organisation": str(world.township_a.pk),
            "roles-1-kind": "county_officer",
            "roles-0-DELETE": "on",
        }
    )
    response = client.post(f"{USERS}{target.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert not target.is_active
    assert list(target.roles.values_list("organisation", "kind")) == [(world.township_a.pk, "county_officer")]
    grants = Role.history.filter(user_id=target.pk).order_by("history_id")
    assert [(r.history_type, r.history_user) for r in grants][-2:] in (
        [("-", world.prefecture_officer), ("+", world.prefecture_officer)],
        [("+", world.prefecture_officer), ("-", world.prefecture_officer)],
    )
    assert log_in(client.__class__(), "zhao", PASSWORD).status_code == 200, "a deactivated account cannot log in"
    history = client.get(f"{USERS}{target.pk}/history/").content.decode()
    assert "甲一街道工会" in history


def test_api_replaces_roles_and_deactivates(world):
    target = account(world.county_a, RoleKind.VIEWER, username="qian")
    client = api_client(world.officer)
    url = f"{API}{target.pk}/"
    etag_free = client.patch(
        url,
        {"is_active": False, "roles": [{"organisation": world.township_a.pk, "kind": "inspector"}]},
        format="json",
    )
    assert etag_free.status_code == 200, etag_free.content
    assert etag_free.json()["roles"] == [{"organisation": world.township_a.pk, "kind": "inspector"}]
    assert etag_free.json()["is_active"] is False
    assert Role.history.filter(user_id=target.pk, history_type="-").get().history_user == world.officer
    assert client.patch(url, {"roles": []}, format="json").status_code == 400
    assert (
        client.patch(
            url, {"roles": [{"organisation": world.county_a.pk, "kind": "prefecture_officer"}]}, format="json"
        ).status_code
        == 400
    )


# --- lock-outs and tokens -----------------------------------------------------------------------------------
def lock_out(client, username):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, username, f"wrong-{attempt}")


def test_lock_out_is_shown_and_lifted(client, world):
    lock_out(client.__class__(), "officer")
    client.force_login(world.prefecture_officer)
    listing = client.get(USERS, {"locked": "true"}).content.decode()
    assert "officer" in listing and "outsider" not in listing
    page = client.get(f"{USERS}{world.officer.pk}/").content.decode()
    assert "登录已锁定" in page and "解除锁定" in page
    response = client.post(f"{USERS}{world.officer.pk}/unlock/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="officer").exists()
    assert log_in(client.__class__(), "officer", PASSWORD).status_code == 302
    record = Account.objects.get(pk=world.officer.pk).history.first()
    assert record.history_change_reason == "解除登录锁定" and record.history_user == world.prefecture_officer


def test_token_endpoint_counts_failures_and_says_locked(world):
    client = api_client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(TOKEN, {"username": "officer", "password": f"bad-{attempt}"}, format="json")
        assert response.status_code == 400
    response = client.post(TOKEN, {"username": "officer", "password": "bad-last"}, format="json")
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.json()["detail"]
    response = client.post(TOKEN, {"username": "officer", "password": PASSWORD}, format="json")
    assert response.status_code == 429 and "账号已暂时锁定" in response.json()["detail"]
    assert api_client(world.prefecture_officer).post(f"{API}{world.officer.pk}/unlock/").status_code == 204
    assert client.post(TOKEN, {"username": "officer", "password": PASSWORD}, format="json").status_code == 200


@pytest.mark.parametrize("who", ["owner", "manager"])
def test_tokens_revoked_by_owner_or_manager(world, who):
    key = api_client().post(TOKEN, {"username": "officer", "password": PASSWORD}, format="json").json()["token"]
    holder = api_client()
    holder.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert holder.get("/api/v1/orgs/").status_code == 200
    if who == "owner":
        assert holder.delete(TOKEN).json() == {"revoked": 1}
    else:
        response = api_client(world.prefecture_officer).post(f"{API}{world.officer.pk}/revoke-tokens/")
        assert response.json() == {"revoked": 1}
    assert holder.get("/api/v1/orgs/").status_code == 401


def test_manager_revokes_tokens_in_the_portal(client, world):
    Token.objects.create(user=world.officer)
    client.force_login(world.prefecture_officer)
    assert "撤销接口令牌" in client.get(f"{USERS}{world.officer.pk}/").content.decode()
    client.post(f"{USERS}{world.officer.pk}/revoke-tokens/")
    assert not Token.objects.filter(user=world.officer).exists()


def test_session_survives_for_the_one_not_reset(client, world):
    client.force_login(world.officer)
    assert SESSION_KEY in client.session
    assert client.get("/").status_code == 200
