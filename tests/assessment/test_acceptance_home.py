"""The home page shows each role what it does most; the union page flags overdue rectifications; the demo."""

import datetime

from django.urls import reverse

from assessment import acceptance_services as services

from . import factories as f


def test_home_page_per_role(client, world):
    union = f.union(world.county_a, "甲一纺织厂工会")
    report = f.report(union, owner=world.province, inspectors=[world.inspector])
    late = f.rectification(
        union, inspectors=[world.inspector], deadline=datetime.date.today() - datetime.timedelta(days=3)
    )
    client.force_login(world.officer)
    body = client.get(reverse("home")).content.decode()
    assert 'data-home="county"' in body and union.name in body and late.requirement[:10] in body and "已逾期" in body
    assert reverse("unions:registration_add") in body and reverse("activities:activity_add") in body
    assert 'data-home="inspector"' not in body

    f.fill(report, "self_score", [40, 20, 20, 20, 3], world.officer)
    services.report_submit(actor=world.officer, report=report)
    client.force_login(world.inspector)
    body = client.get(reverse("home")).content.decode()
    assert 'data-home="inspector"' in body and union.name in body and "期限" in body
    assert 'data-home="county"' not in body

    f.fill(report, "accepted_score", [40, 20, 20, 20, 3], world.inspector)
    services.report_score(actor=world.inspector, report=report)
    client.force_login(world.prefecture_officer)
    body = client.get(reverse("home")).content.decode()
    assert 'data-home="superior"' in body and union.name in body
    client.force_login(world.outsider)
    assert union.name not in client.get(reverse("home")).content.decode()


def test_a_reader_at_a_county_gets_no_county_desk(client, world):
    """The county desk and its quick actions (登记基层工会, 记录服务台账, 记录活动) are for those who write there;
    a read-only user placed at the county would only meet refused add pages."""
    client.force_login(world.viewer)
    body = client.get(reverse("home")).content.decode()
    assert 'data-home="county"' not in body
    assert reverse("unions:registration_add") not in body


def test_union_page_flags_overdue_rectifications(client, world):
    union = f.union(world.county_a)
    f.rectification(union, deadline=datetime.date.today() - datetime.timedelta(days=1))
    client.force_login(world.officer)
    body = client.get(union.get_absolute_url()).content.decode()
    assert "逾期整改 1 项" in body


def test_sheet_autosave_view_saves_and_refuses(client, world):
    union = f.union(world.county_a)
    report = f.report(union, owner=world.province, inspectors=[world.inspector])
    item = report.rubric.items.order_by("order")[1]
    url = reverse("assessment:report_item_save", args=[report.pk, item.pk])
    client.force_login(world.officer)
    response = client.post(url, {"self_score": "18.5"})
    assert response.status_code == 200 and response.json()["self_total"] == "18.5"
    response = client.post(url, {"self_score": "25"})
    assert response.status_code == 400 and "self_score" in response.json()["errors"]
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'value="18.5"' in page
    client.force_login(world.inspector)
    assert client.post(url, {"self_score": "1"}).status_code == 403


def test_superior_home_shows_the_progress_of_this_years_plans(client, world):
    from decimal import Decimal

    from django.utils import timezone

    from assessment.models import Target
    from orgs.choices import Level

    from . import planning_factories as pf

    plan = pf.plan_by(world.prefecture_a, year=timezone.localdate().year)
    indicator = pf.indicator_of(plan, value="10")
    Target.objects.create(indicator=indicator, organisation=world.county_a, value=Decimal(10), measured=Decimal(12))
    other = pf.child_of(world.prefecture_a, level=Level.COUNTY)
    Target.objects.create(indicator=indicator, organisation=other, value=Decimal(10), measured=Decimal(0))
    client.force_login(world.prefecture_officer)
    body = client.get(reverse("home")).content.decode()
    assert plan.name in body
    assert 'data-target-state="met">已完成 1<' in body
    assert 'data-target-state="on_track">按进度推进 0<' in body or 'data-target-state="behind">滞后 1<' in body
