"""No lost update: the version an edit was read at travels with it, and a stale save is refused, in the browser
and over the API; the check holds under a real race on PostgreSQL."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction
from django.test import Client

from accounts.models import Account
from core.services import record_update
from core.testing import api_client, hidden_version
from core.versions import FIELD, StaleVersion, version_of
from orgs.choices import RoleKind
from orgs.models import Role
from tests.accounts.factories import account, account_edit_form


def two_sessions(user):
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    return first, second


def test_second_save_of_the_same_form_is_refused_with_the_change_and_the_input_kept(world):
    target = account(world.county_a, username="li", first_name="李一")
    url = f"/accounts/users/{target.pk}/edit/"
    first, second = two_sessions(world.officer)
    seen = hidden_version(first.get(url).content.decode())
    assert seen == hidden_version(second.get(url).content.decode())
    assert second.post(url, {**account_edit_form(target, first_name="李二"), FIELD: seen}).status_code == 302
    response = first.post(url, {**account_edit_form(target, first_name="李三"), FIELD: seen})
    assert response.status_code == 200
    body = response.content.decode()
    assert "您的修改没有保存" in body
    conflict = body[body.index("data-version-conflict") :]
    assert "姓名" in conflict and "李一" in conflict and "李二" in conflict, "old → new of the other save"
    assert world.officer.first_name in conflict, "who saved it"
    assert 'value="李三"' in body, "what this user typed stays in the form"
    target.refresh_from_db()
    assert target.first_name == "李二"
    # Having seen the change, saving again is a deliberate overwrite.
    assert (
        first.post(url, {**account_edit_form(target, first_name="李三"), FIELD: hidden_version(body)}).status_code
        == 302
    )
    target.refresh_from_db()
    assert target.first_name == "李三"


def test_a_change_to_an_inline_row_makes_the_parent_form_stale(world):
    target = account(world.county_a, username="zhou")
    url = f"/accounts/users/{target.pk}/edit/"
    first, _second = two_sessions(world.officer)
    seen = hidden_version(first.get(url).content.decode())
    assert "." in seen, "the version names the record and its inline rows"
    Role.objects.create(user=target, organisation=world.township_a, kind=RoleKind.VIEWER)  # e.g. over the API
    data = account_edit_form(target, first_name="周某")
    data.update({"roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "1"})
    for key in [k for k in data if k.startswith("roles-1-")]:
        del data[key]
    response = first.post(url, {**data, FIELD: seen})
    assert response.status_code == 200
    assert "角色" in response.content.decode()[response.content.decode().index("data-version-conflict") :]


def test_a_form_without_a_version_is_saved_as_before(world, client):
    """Decision: a POST without the version field (a page cached before this release, a script) is accepted,
    last write wins, so that no old client breaks; every page rendered now carries the version."""
    target = account(world.county_a, username="wu")
    client.force_login(world.officer)
    record_update(actor=world.prefecture_officer, instance=Account.objects.get(pk=target.pk))
    response = client.post(f"/accounts/users/{target.pk}/edit/", account_edit_form(target, first_name="吴某"))
    assert response.status_code == 302


def test_api_if_match_412_with_current_version_and_changes(world):
    target = account(world.county_a, username="zheng", first_name="郑一")
    url = f"/api/v1/users/{target.pk}/"
    client = api_client(world.officer)
    tag = client.get(url)["ETag"]
    assert tag == f'"{version_of(target)}"'
    assert api_client(world.prefecture_officer).patch(url, {"full_name": "郑二"}, format="json").status_code == 200
    response = client.patch(url, {"full_name": "郑三"}, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 412
    body = response.json()
    assert body["current_version"] == version_of(target) and response["ETag"] == f'"{body["current_version"]}"'
    change = next(c for c in body["changes"] if c["field"] == "first_name")
    assert (change["old"], change["new"]) == ("郑一", "郑二")
    assert change["who"] == (world.prefecture_officer.first_name or "pref")
    target.refresh_from_db()
    assert target.first_name == "郑二"
    ok = client.patch(url, {"full_name": "郑三"}, format="json", HTTP_IF_MATCH=response["ETag"])
    assert ok.status_code == 200 and ok["ETag"] != response["ETag"]
    # Without If-Match (older clients) the update goes through, as before.
    assert client.patch(url, {"full_name": "郑四"}, format="json").status_code == 200


def test_a_garbled_if_match_is_refused(world):
    target = account(world.county_a, username="feng")
    response = api_client(world.officer).patch(f"/api/v1/users/{target.pk}/", {}, format="json", HTTP_IF_MATCH='"x"')
    assert response.status_code == 412


def test_the_check_waits_for_a_concurrent_writer(postgres):
    """Writer A holds the row (saved, not yet committed); writer B read the same version. Without the row lock
    B would read the old version, pass, and overwrite A: with it, B waits, then sees A's row and is refused."""
    from tests.factories import build_world

    world = build_world()
    target = account(world.county_a, username="race", first_name="甲")
    seen = version_of(target)
    outcome = {}
    started = threading.Event()

    def writer_b():
        try:
            started.set()
            other = Account.objects.get(pk=target.pk)
            other.first_name = "乙"
            other._version_seen = seen
            record_update(actor=world.officer, instance=other)
            outcome["b"] = "saved"
        except StaleVersion:
            outcome["b"] = "refused"
        finally:
            close_old_connections()
            connection.close()

    with transaction.atomic():
        mine = Account.objects.get(pk=target.pk)
        mine.first_name = "丙"
        mine._version_seen = seen
        record_update(actor=world.prefecture_officer, instance=mine)
        thread = threading.Thread(target=writer_b)
        thread.start()
        started.wait()
        thread.join(timeout=1.0)
        assert thread.is_alive(), "B must wait for A's lock"
    thread.join(timeout=10)
    assert outcome == {"b": "refused"}
    target.refresh_from_db()
    assert target.first_name == "丙"


@pytest.mark.parametrize("missing", [None, ""])
def test_no_version_no_check(world, missing):
    target = Account.objects.get(pk=account(world.county_a).pk)
    target._version_seen = missing
    record_update(actor=world.officer, instance=target)


def test_an_approval_of_a_period_that_changed_since_the_page_was_read_is_refused(world, client):
    """A domain action carries the version too: the prefecture approves what it read, not a later submission."""
    from django.urls import reverse

    from tests.unions.factories import annual_return_in
    from unions import services as union_services
    from unions.choices import PeriodState

    period = annual_return_in(world.county_a, year=2025).period
    union_services.period_submit(actor=world.officer, period=period)
    client.force_login(world.prefecture_officer)
    page = client.get(period.get_absolute_url()).content.decode()
    seen = hidden_version(page)
    assert seen
    # Meanwhile: sent back and submitted again by others.
    union_services.period_send_back(actor=world.province_staff, period=period, comment="补充材料")
    union_services.period_submit(actor=world.officer, period=period)
    url = reverse("unions:returnperiod_action", args=[period.pk, "approve"])
    page = client.post(url, {"_version": seen}, follow=True).content.decode()
    assert "您的修改没有保存" in page
    period.refresh_from_db()
    assert period.state == PeriodState.SUBMITTED
    api = api_client(world.prefecture_officer)
    stale = api.post(f"/api/v1/return-periods/{period.pk}/approve/", {}, format="json", HTTP_IF_MATCH=f'"{seen}"')
    assert stale.status_code == 412
    fresh = hidden_version(client.get(period.get_absolute_url()).content.decode())
    assert client.post(url, {"_version": fresh}, follow=True).status_code == 200
    period.refresh_from_db()
    assert period.state == PeriodState.APPROVED
