"""A union's page keeps its panels' HTML under the change stamps of its areas (core.changes, core.panel_cache):
a repeat visit renders nothing and queries little, and every door that writes what a panel shows — forms, the
API, imports, queryset updates, tree moves, the admin — is seen on the next visit; so are the day, the reader's
roles and the language."""

import datetime
import re
import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from assessment.models import PlanIndicator, Target, TargetPlan
from core import changes
from core.models import ChangeStamp
from core.testing import api_client, upload
from orgs.choices import Level, RoleKind
from orgs.models import Organisation, Role
from orgs.services import organisation_update
from stations.choices import StationStatus
from tests.activities.factories import ActivityFactory
from tests.assessment.factories import rectification
from tests.factories import OrganisationFactory, grassroots
from tests.stations.factories import ServiceStationFactory

HIT_QUERIES = 6  # session, user, roles, the organisation with its stamp, the notifications bell (and a spare)


def visit(client, user, org):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(org.get_absolute_url())
    assert response.status_code == 200
    html = re.sub(r'csrfmiddlewaretoken" value="[^"]+"|X-CSRFToken": "[^"]+"', "", response.content.decode())
    return html, len(ctx.captured_queries)


@pytest.fixture
def union(world):
    return grassroots(world.township_a, "缓存测试工会")


def test_a_repeat_visit_serves_the_same_panels_with_few_queries(client, world, union):
    ActivityFactory(organisation=union, title="第一场活动")
    first, miss = visit(client, world.officer, union)
    again, hit = visit(client, world.officer, union)
    assert "第一场活动" in first
    assert again == first
    assert hit <= HIT_QUERIES < miss


def test_writes_through_the_api_the_orm_and_queryset_updates_show_at_once(client, world, union):
    visit(client, world.officer, union)
    response = api_client(world.officer).post(
        "/api/v1/activities/",
        {
            "title": "接口登记的活动",
            "date": str(timezone.localdate()),
            "category": "culture_sports",
            "organisation": union.pk,
            "participants": 12,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert "接口登记的活动" in visit(client, world.officer, union)[0]
    activity = ActivityFactory(organisation=union, title="直接保存的活动")
    assert "直接保存的活动" in visit(client, world.officer, union)[0]
    Activity.objects.filter(pk=activity.pk).update(title="批量改名的活动")
    html = visit(client, world.officer, union)[0]
    assert "批量改名的活动" in html and "直接保存的活动" not in html
    Activity.objects.filter(pk=activity.pk).delete()
    assert "批量改名的活动" not in visit(client, world.officer, union)[0]


def test_an_import_shows_at_once(client, world, union):
    assert "尚未登记职工之家" in visit(client, world.officer, union)[0]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(
            client, reverse("homes:workershome_import"), [{"所属工会": union.name, "名称": "导入的职工之家"}]
        )
    job = response["Location"].rstrip("/").split("/")[-1]
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("core:importjob_detail", args=[job]))
    html = visit(client, world.officer, union)[0]
    assert "导入的职工之家" in html and "尚未登记职工之家" not in html


def test_a_tree_move_above_the_union_shows_at_once(client, world, union):
    ServiceStationFactory(host=world.county_a, name="甲一区服务站", status=StationStatus.ACTIVE)
    ServiceStationFactory(host=world.county_b, name="乙一县服务站", status=StationStatus.ACTIVE)
    html = visit(client, world.admin, union)[0]
    assert "甲一区服务站" in html and "乙一县服务站" not in html
    township = Organisation.objects.get(pk=world.township_a.pk)
    township.parent = Organisation.objects.get(pk=world.county_b.pk)
    organisation_update(actor=world.admin, instance=township)  # the union's county column moves with a raw update
    html = visit(client, world.admin, union)[0]
    assert "乙一县服务站" in html and "甲一区服务站" not in html


def test_a_plan_renamed_by_the_level_above_shows_on_the_page_below(client, world):
    year = timezone.localdate().year
    plan = TargetPlan.objects.create(issuer=world.prefecture_a, year=year, name="市级目标计划")
    indicator = PlanIndicator.objects.create(plan=plan, figure="", name="自定义指标", unit="个", value=10)
    Target.objects.create(indicator=indicator, organisation=world.county_a, value=5)
    assert "自定义指标" in visit(client, world.officer, world.county_a)[0]
    PlanIndicator.objects.filter(pk=indicator.pk).update(name="改过名的指标")  # a row of the prefecture's area
    assert "改过名的指标" in visit(client, world.officer, world.county_a)[0]


def test_the_next_day_is_seen(client, world, union, monkeypatch):
    today = timezone.localdate()
    rectification(union, deadline=today)
    assert "逾期整改" not in visit(client, world.officer, union)[0]
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: real(*a, **k) + datetime.timedelta(days=1))
    assert "逾期整改 1 项" in visit(client, world.officer, union)[0]


def test_readers_with_other_roles_and_languages_get_their_own_panels(client, world, union):
    ActivityFactory(organisation=union)
    assert "登记活动" in visit(client, world.officer, union)[0]
    assert "登记活动" not in visit(client, world.viewer, union)[0]  # read-only: no add links, though cached above
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = visit(client, world.viewer, union)[0]
    assert "Recent activities" in english and "近期活动" not in english


def test_a_role_granted_in_the_admin_shows_at_once(client, world, union):
    assert "登记活动" not in visit(client, world.viewer, union)[0]
    client.force_login(world.admin)
    response = client.post(
        "/admin/orgs/role/add/",
        {"user": world.viewer.pk, "kind": RoleKind.COUNTY_OFFICER, "organisation": world.county_a.pk},
    )
    assert response.status_code == 302 and Role.objects.filter(user=world.viewer).count() == 2
    assert "登记活动" in visit(client, world.viewer, union)[0]


def test_pages_whose_panels_span_many_areas_are_not_cached(client, world):
    other = OrganisationFactory(level=Level.COUNTY, parent=world.prefecture_a, name="甲二县总工会")
    ActivityFactory(organisation=world.prefecture_a, title="市里的活动")
    visit(client, world.prefecture_officer, world.prefecture_a)
    ActivityFactory(organisation=other, title="甲二县的活动")
    Activity.objects.filter(title="市里的活动").update(title="市里改名的活动")
    assert "市里改名的活动" in visit(client, world.prefecture_officer, world.prefecture_a)[0]


def test_with_the_cache_off_every_visit_renders(client, world, union, settings):
    settings.PANEL_CACHE_SECONDS = 0
    ActivityFactory(organisation=union, title="不缓存的活动")
    first, queries = visit(client, world.officer, union)
    again, queries_again = visit(client, world.officer, union)
    assert "不缓存的活动" in first and again == first and queries == queries_again > HIT_QUERIES


def _tables(sql):
    return set(re.findall(r'(?:FROM|JOIN)\s+"([a-z0-9_]+)"', sql))


def test_every_table_the_panels_read_is_stamped(client, world, union):
    """What a panel reads must be written only with a stamp: compare the tables of a rendering with the registry."""
    from tests.orgs.test_union_page_queries import _union

    for org in (_union(world, 2), world.township_a, world.county_a):
        client.force_login(world.officer)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(org.get_absolute_url()).status_code == 200
        read = set().union(*(_tables(q["sql"]) for q in ctx.captured_queries))
        stamped = {model._meta.db_table for model in changes.registered()}
        per_request = {"django_session", "auth_user", "orgs_role", "notifications_notification", "core_changestamp"}
        assert read - stamped - per_request == set()


def test_every_registered_table_has_its_triggers(db):
    assert changes.missing() == []


def test_compacting_keeps_every_sum(world):
    for n in range(5):
        ActivityFactory(organisation=grassroots(world.township_a, f"压缩工会{n}"))

    def sums():
        return dict(ChangeStamp.objects.values_list("area").annotate(s=Sum("weight")))

    before = sums()
    rows = ChangeStamp.objects.count()
    removed = changes.compact()
    assert sums() == before and removed > 0 and ChangeStamp.objects.count() == rows - removed == len(before)


@pytest.mark.django_db(transaction=True)
def test_writers_in_one_county_do_not_wait_for_each_other(postgres, world):
    """A stamp is a row appended, never a counter updated: an open transaction that wrote in a county does not
    hold up another writer there (two imports, or an import and an edit, run side by side)."""
    first = grassroots(world.township_a, "并发甲")
    second = grassroots(world.township_a, "并发乙")
    holding, done = threading.Event(), threading.Event()
    errors = []

    def hold():
        try:
            from django.db import transaction

            with transaction.atomic():
                ActivityFactory(organisation=first, title="长事务里的活动")
                holding.set()
                done.wait(10)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    assert holding.wait(10)
    area = world.county_a.pk
    before = ChangeStamp.objects.filter(area=area).count()
    started = timezone.now()
    ActivityFactory(organisation=second, title="另一位的活动")  # commits at once, not after the long transaction
    waited = (timezone.now() - started).total_seconds()
    after_one = ChangeStamp.objects.filter(area=area).count()
    done.set()
    thread.join(10)
    assert not errors and waited < 2
    assert after_one == before + 1 and ChangeStamp.objects.filter(area=area).count() == before + 2


def test_an_unreachable_cache_renders_the_panels(client, world, union, settings):
    settings.CACHES = {
        **settings.CACHES,
        "panels": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.PANEL_CACHE_ALIAS = "panels"
    ActivityFactory(organisation=union, title="缓存不可用时的活动")
    assert "缓存不可用时的活动" in visit(client, world.officer, union)[0]
