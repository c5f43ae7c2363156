"""Annual returns: the county marks its year complete, the prefecture approves or sends it back, and
submitted or approved returns are read-only for the county and below, at every door."""

import pytest
from django.test import TestCase
from django.urls import reverse

from core.testing import api_client, upload
from tests.unions.factories import annual_return_in, union_under
from unions.choices import PeriodState
from unions.models import AnnualReturn, ReturnPeriod


@pytest.fixture
def year(world):
    """county_a with two unions, both with a 2025 return: ready to submit."""
    first = annual_return_in(world.county_a, year=2025)
    annual_return_in(world.township_a, year=2025)
    return first.period


def act(client, period, action, **data):
    return client.post(reverse("unions:returnperiod_action", args=[period.pk, action]), data, follow=True)


def test_submit_needs_every_union(client, world, year):
    union_under(world.county_a)  # a third union with no return yet
    client.force_login(world.officer)
    page = act(client, year, "submit").content.decode()
    assert "还有 1 个基层工会没有2025年度报表" in page
    year.refresh_from_db()
    assert year.state == PeriodState.OPEN


def test_submit_approve_and_the_lock(client, world, year):
    ret = year.returns.first()
    client.force_login(world.officer)
    page = act(client, year, "submit").content.decode()
    assert "已报送" in page
    year.refresh_from_db()
    assert year.state == PeriodState.SUBMITTED and year.submitted_by == world.officer

    # Submitted: the county reads but no longer writes, at any door.
    edit = client.get(reverse("unions:annualreturn_edit", args=[ret.pk]))
    assert edit.status_code == 403
    assert "如需更正，请联系上级工会退回" in edit.content.decode()
    assert client.get(ret.get_absolute_url()).status_code == 200
    api = api_client(world.officer)
    refused = api.patch(reverse("api:annualreturn-detail", args=[ret.pk]), {"members": 1}, format="json")
    assert refused.status_code == 403
    assert "请联系上级工会退回" in str(refused.json())  # the API says why, like the form
    late = union_under(world.county_a)
    response = api.post(
        reverse("api:annualreturn-list"),
        {"organisation": late.pk, "year": 2025, "employees": 3, "members": 3},
        format="json",
    )
    assert response.status_code == 403 and "已报送待审核" in str(response.json())
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = upload(client, reverse("unions:annualreturn_import"), [
            {"基层工会": ret.organisation.name, "年度": 2025, "职工人数": 100, "会员人数": 1}])  # fmt: skip
    assert "状态为“已报送待审核”，不能导入修改" in client.get(job["Location"]).content.decode()
    ret.refresh_from_db()
    assert ret.members != 1

    # The county cannot approve its own returns; the prefecture can.
    page = act(client, year, "approve").content.decode()
    assert "只有上级工会可以审核" in page
    client.force_login(world.prefecture_officer)
    act(client, year, "approve", comment="数据完整。")
    year.refresh_from_db()
    assert year.state == PeriodState.APPROVED and year.decided_by == world.prefecture_officer

    # Approved: still locked for the county, open to the approver's level.
    client.force_login(world.officer)
    assert client.get(reverse("unions:annualreturn_edit", args=[ret.pk])).status_code == 403
    pref = api_client(world.prefecture_officer)
    response = pref.patch(reverse("api:annualreturn-detail", args=[ret.pk]), {"members": 88}, format="json")
    assert response.status_code == 200
    ret.refresh_from_db()
    assert ret.members == 88

    # History names who submitted and who approved.
    users = {(r.state, r.history_user) for r in year.history.all()}
    assert (PeriodState.SUBMITTED, world.officer) in users
    assert (PeriodState.APPROVED, world.prefecture_officer) in users
    history = client.get(reverse("unions:returnperiod_history", args=[year.pk])).content.decode()
    assert "pref" in history and "officer" in history


def test_send_back_needs_a_comment_and_reopens(client, world, year):
    client.force_login(world.officer)
    act(client, year, "submit")
    client.force_login(world.prefecture_officer)
    page = act(client, year, "send_back").content.decode()
    assert "退回时请写明需要修改的内容" in page
    act(client, year, "send_back", comment="会员人数请核实。")
    year.refresh_from_db()
    assert year.state == PeriodState.RETURNED and year.comment == "会员人数请核实。"
    ret = year.returns.first()
    client.force_login(world.officer)
    page = client.get(year.get_absolute_url()).content.decode()
    assert "会员人数请核实。" in page
    response = client.post(
        reverse("unions:annualreturn_edit", args=[ret.pk]),
        {"organisation": ret.organisation_id, "year": 2025, "employees": 100, "members": 95, "six_has_met": 6},
    )
    assert response.status_code == 302
    assert AnnualReturn.objects.get(pk=ret.pk).members == 95


def test_api_actions(world, year):
    url = reverse("api:returnperiod-submit", args=[year.pk])
    assert api_client(world.viewer).post(url).status_code == 403
    assert api_client(world.outsider).post(url).status_code == 404
    response = api_client(world.officer).post(url)
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    approve = reverse("api:returnperiod-approve", args=[year.pk])
    assert api_client(world.officer).post(approve).status_code == 403
    response = api_client(world.prefecture_officer).post(approve, {"comment": "好"}, format="json")
    assert response.json()["state"] == "approved"
    assert api_client(world.officer).post(reverse("api:returnperiod-list"), {}, format="json").status_code == 405


def test_periods_are_scoped(client, world, year):
    other = annual_return_in(world.county_b, year=2025).period
    client.force_login(world.officer)
    body = client.get(reverse("unions:returnperiod_list")).content.decode()
    assert world.county_a.name in body and world.county_b.name not in body
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(year.get_absolute_url()).status_code == 200


def test_completeness_counts_expected_done_and_on_time(client, world, year):
    union_under(world.county_a)  # expected, not done
    late, early = year.returns.order_by("pk")
    AnnualReturn.objects.filter(pk=late.pk).update(created="2026-05-01T10:00:00Z")  # after 31 March
    AnnualReturn.objects.filter(pk=early.pk).update(created="2026-03-01T10:00:00Z")
    client.force_login(world.prefecture_officer)
    response = client.get(reverse("unions:completeness"), {"year": 2025})
    row = next(r for r in response.context["rows"] if r["unit"] == world.county_a)
    assert (row["expected"], row["done"], row["on_time"]) == (3, 2, 1)
    assert round(row["rate"], 2) == 0.67
    units = [r["unit"] for r in response.context["rows"]]
    assert world.county_b not in units


def test_waiting_items(client, world, year):
    client.force_login(world.officer)
    act(client, year, "submit")
    client.force_login(world.prefecture_officer)
    waiting = {item["label"]: item["count"] for item in client.get(reverse("home")).context["waiting"]}
    assert waiting["待审核的年度填报"] == 1
    client.force_login(world.officer)
    waiting = {item["label"]: item["count"] for item in client.get(reverse("home")).context["waiting"]}
    assert "待审核的年度填报" not in waiting  # nothing for the county to approve
    assert ReturnPeriod.objects.count() == 1


def test_periods_export_but_do_not_import(client, world, year):
    client.force_login(world.officer)
    response = client.get(reverse("unions:returnperiod_list"), {"export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "填报单位" in text and world.county_a.name in text and "填报中" in text
    page = client.get(reverse("unions:returnperiod_list")).content.decode()
    assert "导入" not in page.split("<main")[1].split("</h1>")[1][:400]
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("unions:returnperiod_import")


def test_every_locked_row_of_an_import_is_named_locked(client, world, year):
    """Each row of a sheet that names a submitted return gets the lock message, not only the last of the batch."""
    client.force_login(world.officer)
    act(client, year, "submit")
    rows = [
        {"基层工会": ret.organisation.name, "年度": 2025, "职工人数": 100, "会员人数": 1} for ret in year.returns.all()
    ]
    assert len(rows) == 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = upload(client, reverse("unions:annualreturn_import"), rows)
    page = client.get(job["Location"]).content.decode()
    assert page.count("状态为“已报送待审核”，不能导入修改") == 2
    assert not AnnualReturn.objects.filter(members=1).exists()
