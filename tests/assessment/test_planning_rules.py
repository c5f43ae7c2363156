"""Target plans through the doors: tiering by region class, live progress, cascades and their shortfall flag,
scope of plans issued from above, the rules of targets and allocations, import and totals."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import PlanIndicator, ResourceAllocation, Target, TargetPlan, TargetState
from assessment.models.planning import target_state
from core.testing import api_client
from orgs.choices import RegionClass
from tests.figures.factories import build_figure_world
from tests.homes.factories import formset_data

from .planning_factories import YEAR, child_of, indicator_of, plan_by


def post_plan(client, issuer, indicators, **extra):
    data = {"issuer": issuer.pk, "year": YEAR, "name": "会站家年度目标", **formset_data("indicators", indicators)}
    data.update(extra)
    return client.post(reverse("assessment:targetplan_add"), data)


@pytest.fixture
def tiered(world):
    world.prefecture_a.region_class = RegionClass.FIRST
    world.prefecture_a.save()
    world.prefecture_b.region_class = RegionClass.THIRD
    world.prefecture_b.save()
    return world


def test_plan_form_gives_each_child_its_class_value(client, tiered):
    w = tiered
    client.force_login(w.province_staff)
    response = post_plan(
        client,
        w.province,
        [
            {"figure": "six_has_rate", "value": "70", "value_class_1": "80", "value_class_3": "60"},
            {"figure": "", "name": "会员评家覆盖单位", "unit": "个", "value": "5"},
        ],
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = TargetPlan.objects.get(issuer=w.province)
    six = plan.indicators.get(figure="six_has_rate")
    assert six.unit == "%"
    values = dict(Target.objects.filter(indicator=six).values_list("organisation__name", "value"))
    assert values == {w.prefecture_a.name: Decimal("80"), w.prefecture_b.name: Decimal("60")}
    free = plan.indicators.get(figure="")
    assert set(Target.objects.filter(indicator=free).values_list("value", flat=True)) == {Decimal("5")}
    assert Target.objects.filter(indicator=six).first().history.first().history_user == w.province_staff


def test_bad_indicators_are_refused_with_the_field_named(client, world):
    client.force_login(world.province_staff)
    response = post_plan(client, world.province, [{"figure": "six_has_rate", "value": "120"}])
    assert response.status_code == 200
    assert "不能超过 100%" in response.content.decode()
    response = post_plan(client, world.province, [{"figure": "", "value": "3"}])
    assert "自定义指标须填写指标名称" in response.content.decode()
    response = post_plan(client, world.township_a, [])
    assert response.status_code == 200
    assert not TargetPlan.objects.exists()


def test_plan_page_shows_live_progress_and_links_to_the_unions(client, world):
    fw = build_figure_world(world)
    plan = plan_by(world.prefecture_a)
    indicator = indicator_of(plan, figure="six_has_rate", value="60")
    indicator_of(plan, figure="new_unions", value="4")
    from assessment.services.planning import plan_fill_targets

    plan_fill_targets(actor=None, plan=plan)
    target = Target.objects.get(indicator=indicator, organisation=world.county_a)
    client.force_login(world.prefecture_officer)
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    # six-has in county_a is 2 of 3 = 66.7 %: above 60, so met; two unions founded of four: behind (year over)
    assert "66.7" in text
    assert reverse("figures:units", args=[world.county_a.pk, "six_has_rate"]) + f"?year={YEAR}" in text
    assert "已完成" in text and "滞后" in text
    response = api_client(world.prefecture_officer).get(reverse("api:target-list"), {"plan": plan.pk})
    rows = {(r["organisation"], r["indicator_key"]): r for r in response.json()["results"]}
    row = rows[(world.county_a.pk, "six_has_rate")]
    assert (row["value"], row["actual"], row["state"]) == ("60.00", "66.70", "met")
    new = rows[(world.county_a.pk, "new_unions")]
    assert (new["actual"], new["gap"], new["state"]) == ("2.00", "2.00", "behind")
    assert target.pk == row["id"]
    assert fw.u1.name  # the world the figures were counted on


def test_target_list_and_api_cost_a_fixed_number_of_queries(client, world):
    plan = plan_by(world.county_a)
    for key in ("six_has_rate", "integration_rate"):
        indicator = indicator_of(plan, figure=key, value="50")
        for _ in range(2):
            Target.objects.create(indicator=indicator, organisation=child_of(world.county_a), value=50)
    api = api_client(world.officer)
    url = reverse("api:target-list")
    api.get(url)
    with CaptureQueriesContext(connection) as few:
        assert api.get(url).status_code == 200
    for key in ("six_has_rate", "integration_rate"):
        indicator = PlanIndicator.objects.get(plan=plan, figure=key)
        for _ in range(5):
            Target.objects.create(indicator=indicator, organisation=child_of(world.county_a), value=50)
    api.get(url)  # the first read after the writes rebuilds the county's rollups (figures.rollups), once
    with CaptureQueriesContext(connection) as more:
        response = api.get(url)
    assert len(response.json()["results"]) == 14
    assert len(more) == len(few)


def test_cascade_shares_counts_and_flags_a_shortfall(client, world):
    from assessment.services.planning import plan_fill_targets

    plan = plan_by(world.province)
    indicator_of(plan, figure="new_unions", value="9")
    indicator_of(plan, figure="six_has_rate", value="80")
    plan_fill_targets(actor=None, plan=plan)
    county_c = child_of(world.prefecture_a, level="county", name="甲二区总工会")
    client.force_login(world.prefecture_officer)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "向下分解" in page
    response = client.post(
        reverse("assessment:targetplan_action", args=[plan.pk, "cascade"]), {"organisation": world.prefecture_a.pk}
    )
    child = TargetPlan.objects.get(parent=plan)
    assert response.status_code == 302 and response["Location"] == child.get_absolute_url()
    assert child.issuer == world.prefecture_a and child.history.first().history_user == world.prefecture_officer
    shares = dict(
        Target.objects.filter(indicator__plan=child, indicator__figure="new_unions").values_list(
            "organisation", "value"
        )
    )
    assert shares == {world.county_a.pk: Decimal(5), county_c.pk: Decimal(5)}  # 9 shared by 2, rounded up
    rates = set(Target.objects.filter(indicator__plan=child, indicator__figure="six_has_rate").values_list("value"))
    assert rates == {(Decimal(80),)}
    assert "低于上级下达的目标" not in client.get(child.get_absolute_url()).content.decode()
    target = Target.objects.get(indicator__plan=child, indicator__figure="new_unions", organisation=county_c)
    client.post(
        reverse("assessment:target_edit", args=[target.pk]),
        {"indicator": target.indicator_id, "organisation": county_c.pk, "value": "3"},
    )
    assert "低于上级下达的目标" in client.get(child.get_absolute_url()).content.decode()
    client.force_login(world.province_staff)
    assert "分解合计低于目标" in client.get(plan.get_absolute_url()).content.decode()
    # a second cascade, or one by someone who does not write for the child, changes nothing
    client.force_login(world.prefecture_officer)
    client.post(
        reverse("assessment:targetplan_action", args=[plan.pk, "cascade"]), {"organisation": world.prefecture_a.pk}
    )
    client.force_login(world.outsider)
    client.post(
        reverse("assessment:targetplan_action", args=[plan.pk, "cascade"]), {"organisation": world.prefecture_b.pk}
    )
    assert TargetPlan.objects.filter(parent=plan).count() == 1


def test_plans_issued_above_are_read_below_but_written_only_by_the_issuer(client, world):
    from assessment.services.planning import plan_fill_targets

    plan = plan_by(world.province)
    indicator_of(plan, figure="six_has_rate", value="80")
    plan_fill_targets(actor=None, plan=plan)
    mine = Target.objects.get(organisation=world.prefecture_a)
    sibling = Target.objects.get(organisation=world.prefecture_b)
    client.force_login(world.officer)
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(reverse("assessment:targetplan_edit", args=[plan.pk])).status_code == 403
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(sibling.get_absolute_url()).status_code == 404
    page = client.get(plan.get_absolute_url()).content.decode()
    assert world.prefecture_a.name in page and world.prefecture_b.name not in page
    api = api_client(world.officer)
    assert api.patch(reverse("api:target-detail", args=[mine.pk]), {"value": "1"}, format="json").status_code == 403
    assert api.get(reverse("api:target-detail", args=[sibling.pk])).status_code == 404
    assert plan.pk in {p["id"] for p in api.get(reverse("api:targetplan-list")).json()["results"]}


def test_a_figure_target_is_never_typed_in(world):
    indicator = indicator_of(plan_by(world.county_a), figure="six_has_rate", value="50")
    api = api_client(world.officer)
    response = api.post(
        reverse("api:target-list"),
        {"indicator": indicator.pk, "organisation": world.township_a.pk, "value": "50", "measured": "99"},
        format="json",
    )
    assert response.status_code == 400 and "measured" in response.json()
    response = api.post(
        reverse("api:target-list"),
        {"indicator": indicator.pk, "organisation": child_of(world.township_a).pk, "value": "50"},
        format="json",
    )
    assert response.status_code == 400 and "直属下级" in response.json()["organisation"][0]
    assert not Target.objects.exists()


def test_free_indicator_progress_is_measured_by_hand(world):
    indicator = indicator_of(plan_by(world.county_a), value="10")
    target = Target.objects.create(indicator=indicator, organisation=world.township_a, value=10, measured=12)
    response = api_client(world.officer).get(reverse("api:target-detail", args=[target.pk]))
    assert (response.json()["actual"], response.json()["state"], response.json()["indicator_key"]) == (
        "12.00",
        "met",
        "free",
    )


def test_indicator_created_over_the_api_gives_every_child_a_target(world):
    plan = plan_by(world.county_a)
    response = api_client(world.officer).post(
        reverse("api:planindicator-list"), {"plan": plan.pk, "figure": "integration_rate", "value": "40"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert list(Target.objects.filter(indicator__plan=plan).values_list("organisation", flat=True)) == [
        world.township_a.pk
    ]


def test_import_updates_targets_by_their_number(client, world):
    from django.test import TestCase

    from core.testing import upload

    indicator = indicator_of(plan_by(world.county_a), value="10")
    target = Target.objects.create(indicator=indicator, organisation=world.township_a, value=10)
    client.force_login(world.officer)
    rows = [{"系统编号": target.pk, "目标指标": indicator.pk, "责任单位": world.township_a.name, "目标值": "25%"}]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("assessment:target_import"), rows)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(response["Location"])
    target.refresh_from_db()
    assert target.value == Decimal(25)
    bad = [{"目标指标": indicator.pk, "责任单位": world.county_b.name, "目标值": "abc"}]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("assessment:target_import"), bad)
    page = client.get(response["Location"]).content.decode()
    assert "不是数字" in page and "不在您的管理范围内" in page


@pytest.mark.parametrize(
    ("value", "actual", "today", "is_rate", "state"),
    [
        (10, 10, datetime.date(2025, 3, 1), False, TargetState.MET),
        (10, 3, datetime.date(2025, 7, 2), False, TargetState.BEHIND),
        (10, 6, datetime.date(2025, 7, 2), False, TargetState.ON_TRACK),
        (10, 9, datetime.date(2026, 1, 1), False, TargetState.BEHIND),
        (90, 86, datetime.date(2025, 7, 2), True, TargetState.ON_TRACK),
        (90, 84, datetime.date(2025, 7, 2), True, TargetState.BEHIND),
        (90, None, datetime.date(2025, 7, 2), True, TargetState.UNKNOWN),
    ],
)
def test_target_state(value, actual, today, is_rate, state):
    assert target_state(value, actual, 2025, is_rate, today) == state


def test_allocation_rules_and_totals(client, world):
    client.force_login(world.officer)
    base = {"giver": world.county_a.pk, "year": YEAR, "kind": "funds", "amount": "3000", "source": "upper_union"}
    response = client.post(reverse("assessment:resourceallocation_add"), base)
    assert "请选择一个配置对象" in response.content.decode()
    client.force_login(world.province_staff)
    response = client.post(reverse("assessment:resourceallocation_add"), {**base, "union": world.county_b.pk})
    assert "管辖范围内" in response.content.decode()
    response = client.post(
        reverse("assessment:resourceallocation_add"), {**base, "union": world.township_a.pk, "amount": ""}
    )
    assert "经费须填写金额" in response.content.decode()
    assert not ResourceAllocation.objects.exists()
    client.force_login(world.officer)
    assert (
        client.post(reverse("assessment:resourceallocation_add"), {**base, "union": world.township_a.pk}).status_code
        == 302
    )
    staff = {"giver": world.county_a.pk, "year": YEAR, "kind": "staff", "staff": "2", "union": world.township_a.pk}
    assert client.post(reverse("assessment:resourceallocation_add"), staff).status_code == 302
    assert ResourceAllocation.objects.get(kind="funds").organisation == world.township_a
    client.force_login(world.prefecture_officer)
    page = client.get(reverse("assessment:allocation_totals"), {"organisation": world.prefecture_a.pk, "year": YEAR})
    assert page.status_code == 200
    totals = page.context["per_year"]
    assert {(r["kind"], r["amount"], r["staff"]) for r in totals} == {
        ("funds", Decimal(3000), None),
        ("staff", None, 2),
    }
    assert page.context["per_child"][0]["amount"] == Decimal(3000)
    client.force_login(world.outsider)
    page = client.get(reverse("assessment:allocation_totals"), {"organisation": world.prefecture_a.pk})
    assert page.status_code == 404


def test_the_organisation_page_shows_targets_and_group(client, world):
    from django.utils import timezone

    from assessment.services.planning import plan_fill_targets

    plan = plan_by(world.prefecture_a, year=timezone.localdate().year)
    indicator_of(plan, figure="six_has_rate", value="80")
    plan_fill_targets(actor=None, plan=plan)
    from assessment.models import CoordinationGroup

    CoordinationGroup.objects.create(organisation=world.county_a, leader_name="马志强", leader_post="主席")
    client.force_login(world.officer)
    text = client.get(world.county_a.get_absolute_url()).content.decode()
    assert "目标责任" in text and "马志强" in text and "“六有”工会达标率" in text


def test_bad_plan_actions_are_not_errors(client, world):
    plan = plan_by(world.province)
    client.force_login(world.province_staff)
    url = reverse("assessment:targetplan_action", args=[plan.pk, "cascade"])
    assert client.post(url, {"organisation": "abc"}).status_code == 404
    assert client.post(url, {}).status_code == 404
    response = client.post(url, {"organisation": world.county_a.pk}, follow=True)
    assert "直属下级" in response.content.decode()
    assert client.post(reverse("assessment:targetplan_action", args=[plan.pk, "nonsense"])).status_code == 404
    client.force_login(world.officer)
    response = client.post(reverse("assessment:targetplan_action", args=[plan.pk, "fill"]), follow=True)
    assert "只有下达单位" in response.content.decode()
