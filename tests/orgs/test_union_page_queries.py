"""A grassroots union's page with every panel filled: a fixed, small number of queries for every role, whatever
the number of records behind the panels, and every panel still says what it said."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessment.models import PlanIndicator, Target, TargetPlan
from cadres.choices import Post
from cadres.models import CadreAppraisal
from homes.choices import FacilityKind
from orgs.choices import Level
from stations.choices import StationStatus
from tests.activities.factories import ActivityFactory
from tests.assessment.factories import rectification, report
from tests.cadres.factories import CadreFactory, make_appraisal, make_assignment, make_log
from tests.factories import OrganisationFactory
from tests.homes.factories import FacilityFactory, HonourFactory, RatingFactory, WorkersHomeFactory
from tests.stations.factories import ServiceStationFactory
from tests.unions.factories import RegistrationFactory, SixHasItemFactory
from unions.choices import ItemState, SixHas
from unions.models import AnnualReturn, CoveredEmployer, Registration
from unions.services import period_for, reporting_unit

MAX_QUERIES = 15


def _queries(client, user, url):
    client.force_login(user)
    client.get(url)  # the first request of a session warms what every later one shares (translations, templates)
    cache.clear()  # the panels rendered afresh, as after a write (a repeat visit reads them from the cache)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _fill(world, union, n):
    """`n` records of each repeatable kind on `union`'s page (activities, rectifications, cadres, logs, …)."""
    today = timezone.localdate()
    year = today.year
    for i in range(n):
        CoveredEmployer.objects.create(registration=union.registration, name=f"联建单位{union.pk}-{i}", employees=10)
        cadre = CadreFactory(organisation=union, post=Post.CHAIR if i == 0 else Post.VICE_CHAIR, name=f"干部{i}号")
        make_appraisal(cadre, year=2024)
        make_appraisal(cadre, year=2025)
        contact = CadreFactory(organisation=world.county_a, name=f"联系干部{union.pk}-{i}")
        assignment = make_assignment(world.county_a, cadre=contact, union=union)
        make_log(world.county_a, assignment=assignment)
        ServiceStationFactory(host=union, name=f"本会服务站{union.pk}-{i}")
        ServiceStationFactory(host=world.county_a, name=f"县服务站{union.pk}-{i}", status=StationStatus.ACTIVE)
        ActivityFactory(organisation=union, title=f"活动{union.pk}-{i}")
        ActivityFactory(home=union.workers_homes.get(), organisation=union, title=f"家里的活动{union.pk}-{i}")
        rectification(union, deadline=today - datetime.timedelta(days=1 + i))
        rectification(union, deadline=today + datetime.timedelta(days=10 + i))
        report(union, year=2020 + i)
        home = union.workers_homes.get()
        FacilityFactory(home=home, kind=FacilityKind.ACTIVITY_ROOM, name=f"活动室{i}", activity=True, study=True)
        HonourFactory(home=home, year=2010 + i)
        RatingFactory(home=home, year=2010 + i, percent=85 + i)
        plan = TargetPlan.objects.create(issuer=world.county_a, year=year, name=f"目标计划{union.pk}-{i}")
        indicator = PlanIndicator.objects.create(plan=plan, figure="", name=f"自定义指标{i}", unit="个", value=10)
        Target.objects.create(indicator=indicator, organisation=union, value=Decimal("5"))


def _union(world, n):
    union = OrganisationFactory(level=Level.GRASSROOTS, parent=world.township_a, name=f"甲一街道基层工会{n}")
    RegistrationFactory(organisation=union, is_joint=True)
    for item in list(SixHas)[:4]:
        SixHasItemFactory(organisation=union, item=item, state=ItemState.MET)
    SixHasItemFactory(organisation=union, item=list(SixHas)[4], state=ItemState.NOT_MET)
    year = timezone.localdate().year
    period = period_for(unit=reporting_unit(union), year=year)
    AnnualReturn.objects.create(organisation=union, year=year, period=period, employees=100, members=90)
    WorkersHomeFactory(organisation=union, name=f"基层工会{n}职工之家", book_volumes=3200)
    FacilityFactory(home=union.workers_homes.get(), kind=FacilityKind.BOOKROOM, name="书屋", education=True)
    _fill(world, union, n)
    return union


@pytest.mark.django_db
def test_union_page_queries_fixed_for_every_role(client, world):
    small, large = _union(world, 2), _union(world, 4)
    readers = [world.province_staff, world.prefecture_officer, world.officer, world.viewer, world.inspector]
    for user in readers:
        few, html_small = _queries(client, user, small.get_absolute_url())
        many, html_large = _queries(client, user, large.get_absolute_url())
        assert few <= MAX_QUERIES, (user.username, few)
        assert many == few, (user.username, few, many)
        # every panel still shows what it holds
        for text in (
            "本会服务站",
            "县服务站",
            "干部1号",
            "联系干部",
            "活动",
            "整改",
            "基层工会2职工之家",
            "自定义指标",
        ):
            assert text in html_small, (user.username, text)
        assert "逾期整改 4 项" in html_large  # counted over all pending items, not only the ten listed
        assert "联系记录 4 条" in html_large
        home = large.workers_homes.get()
        assert f"缺少：{home.missing_display()}" in html_large  # as the model defines the six functions
        assert "3200 册" in html_large
        assert "2013：88.0%" in html_large  # the latest of the ratings
        assert "2025 " + CadreAppraisal.objects.filter(cadre__organisation=large).latest(
            "year"
        ).get_grade_display() in (html_large)
        registration = Registration.objects.get(organisation=large)  # employees of the covered units counted
        assert f"96 人 / 职工 {registration.total_employees} 人" in html_large
        assert registration.total_employees == 140
        assert "96 人 / 职工 120 人" in html_small
        assert "未达标：" in html_large and str(SixHas.choices[4][1]) in html_large and "未评定" in html_large
        assert "六有 4/6" in html_large
