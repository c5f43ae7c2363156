"""The shared battery, applied to activities, and the activity's rules at each door."""

import datetime
import io

from django.test import TestCase
from django.urls import reverse
from PIL import Image

from activities.models import Activity, ActivityPhoto
from core.models import ImportJob
from core.testing import ModelTestBattery, api_client, upload
from tests.homes.factories import home_in

from .factories import ActivityFactory, StationFactory

TODAY = datetime.date.today()
YESTERDAY = (TODAY - datetime.timedelta(days=1)).isoformat()
TOMORROW = (TODAY + datetime.timedelta(days=1)).isoformat()


class TestActivityDoors(ModelTestBattery):
    model = Activity
    api_basename = "activity"

    def make(self, world, org):
        return ActivityFactory(organisation=org)

    def form_data(self, world, org):
        return {"title": "职工篮球赛", "date": YESTERDAY, "category": "culture_sports", "organisation": org.pk,
                "participants": 40}  # fmt: skip

    def edit_data(self, world, obj):
        return {**self.form_data(world, obj.organisation), "title": obj.title + "（补记）"}

    def api_data(self, world, org):
        return {
            "title": "法律宣讲",
            "date": YESTERDAY,
            "category": "rights",
            "organisation": org.pk,
            "participants": 25,
        }

    def import_rows(self, world, org):
        return [
            {
                "活动名称": "导入活动甲",
                "活动日期": YESTERDAY,
                "活动类别": "文化体育",
                "主办工会": org.name,
                "参与人数": 12,
            },
            {
                "活动名称": "导入活动乙",
                "活动日期": YESTERDAY,
                "活动类别": "training",
                "主办工会": org.name,
                "参与人数": 30,
            },
        ]


def import_errors(client, rows):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("activities:activity_import"), rows)
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1]).errors


def post_activity(client, **fields):
    data = {"title": "活动", "date": YESTERDAY, "category": "recreation", "participants": 10, **fields}
    return client.post(reverse("activities:activity_add"), data)


# --- rules at each door ---------------------------------------------------------------------------------------
def test_date_not_in_the_future_at_every_door(client, world):
    client.force_login(world.officer)
    response = post_activity(client, organisation=world.county_a.pk, date=TOMORROW)
    assert response.status_code == 200 and "活动日期不能晚于今天" in response.content.decode()
    response = api_client(world.officer).post(
        reverse("api:activity-list"),
        {"title": "x", "date": TOMORROW, "category": "other", "organisation": world.county_a.pk, "participants": 5},
        format="json",
    )
    assert response.status_code == 400 and "date" in response.json()
    row = {"活动名称": "x", "活动日期": TOMORROW, "活动类别": "其他", "主办工会": world.county_a.name, "参与人数": 5}
    errors = import_errors(client, [row])
    assert [(e["row"], e["column"]) for e in errors] == [(2, "活动日期")]
    assert not Activity.objects.exists()


def test_station_and_home_must_be_on_the_organisers_line(client, world):
    township_station = StationFactory(host=world.township_a, name="街道服务站")
    county_station = StationFactory(host=world.county_a, name="区服务站")
    sibling = home_in(world.county_a, name="兄弟单位之家")  # a grassroots union beside the organiser
    organiser = home_in(world.township_a, name="本单位之家").organisation
    client.force_login(world.officer)
    # a station of a union above the organiser, and the organiser's own home: allowed
    own_home = organiser.workers_homes.get()
    response = post_activity(client, organisation=organiser.pk, station=township_station.pk, home=own_home.pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    # the county organising at a station below it: allowed
    assert post_activity(client, organisation=world.county_a.pk, station=township_station.pk).status_code == 302
    # a sibling's home: refused at every door
    response = post_activity(client, organisation=organiser.pk, home=sibling.pk)
    assert response.status_code == 200 and "不在同一条隶属线上" in response.content.decode()
    response = api_client(world.officer).post(
        reverse("api:activity-list"),
        {
            "title": "x",
            "date": YESTERDAY,
            "category": "other",
            "organisation": organiser.pk,
            "participants": 5,
            "home": sibling.pk,
        },  # fmt: skip
        format="json",
    )
    assert response.status_code == 400 and "home" in response.json()
    row = {"活动名称": "x", "活动日期": YESTERDAY, "活动类别": "其他", "主办工会": organiser.name, "参与人数": 5,
           "使用的职工之家": "兄弟单位之家", "使用的服务站": "区服务站"}  # fmt: skip
    errors = import_errors(client, [row])
    assert [e["column"] for e in errors] == ["使用的职工之家"]
    assert Activity.objects.count() == 2
    assert county_station  # the county's station is on the line of every union below it


def test_station_outside_the_writers_scope_is_refused(client, world):
    theirs = StationFactory(host=world.county_b)
    client.force_login(world.officer)
    response = post_activity(client, organisation=world.county_a.pk, station=theirs.pk)
    assert response.status_code == 200 and not Activity.objects.exists()
    response = api_client(world.officer).post(
        reverse("api:activity-list"),
        {
            "title": "x",
            "date": YESTERDAY,
            "category": "other",
            "organisation": world.county_a.pk,
            "participants": 5,
            "station": theirs.pk,
        },  # fmt: skip
        format="json",
    )
    assert response.status_code == 400 and "station" in response.json()
    row = {"活动名称": "x", "活动日期": YESTERDAY, "活动类别": "其他", "主办工会": world.county_a.name, "参与人数": 5,
           "使用的服务站": theirs.name}  # fmt: skip
    assert [e["column"] for e in import_errors(client, [row])] == ["使用的服务站"]


def test_closed_station_cannot_host_later_activities(world):
    from django.core.exceptions import ValidationError

    station = StationFactory(
        host=world.county_a, status="closed", status_changed_on=TODAY - datetime.timedelta(days=10)
    )
    before = Activity(title="x", date=TODAY - datetime.timedelta(days=20), category="other",
                      organisation=world.county_a, station=station, participants=3)  # fmt: skip
    before.full_clean()
    after = Activity(title="x", date=TODAY - datetime.timedelta(days=2), category="other",
                     organisation=world.county_a, station=station, participants=3)  # fmt: skip
    try:
        after.full_clean()
    except ValidationError as exc:
        assert "station" in exc.message_dict
    else:
        raise AssertionError("a closed station accepted an activity")


# --- shown on the union, station and home pages -----------------------------------------------------------------
def test_activity_shows_on_union_station_and_home_pages_only_in_scope(client, world):
    home = home_in(world.township_a)
    station = StationFactory(host=world.township_a)
    activity = ActivityFactory(organisation=home.organisation, station=station, home=home, title="锅庄舞展演")
    client.force_login(world.officer)
    pages = [
        home.organisation.get_absolute_url(),
        home.get_absolute_url(),
        world.township_a.get_absolute_url(),
        station.get_absolute_url(),
    ]
    for url in pages:
        assert "锅庄舞展演" in client.get(url).content.decode(), url
    assert activity.get_absolute_url() in client.get(home.get_absolute_url()).content.decode()
    client.force_login(world.outsider)
    for url in [*pages, activity.get_absolute_url()]:
        assert client.get(url).status_code == 404, url
    # a prefecture-level reader of another prefecture sees nothing of it through the API either
    ids = [r["id"] for r in api_client(world.outsider).get(reverse("api:activity-list")).json()["results"]]
    assert activity.pk not in ids


def test_panel_hides_activities_outside_the_readers_scope(client, world):
    """A station of county_a used by the prefecture: the county officer sees the station, not the prefecture's
    activity, which lies outside their read scope."""
    station = StationFactory(host=world.county_a)
    ActivityFactory(organisation=world.prefecture_a, station=station, title="全市技能大赛")
    ActivityFactory(organisation=world.county_a, station=station, title="区职工培训")
    from activities.selectors import station_activities

    class Request:
        user = world.officer

    titles = [a.title for a in station_activities(Request(), station)["activities"]]
    assert titles == ["区职工培训"]
    Request.user = world.prefecture_officer
    assert {a.title for a in station_activities(Request(), station)["activities"]} == {"全市技能大赛", "区职工培训"}


def test_list_filters_by_place(client, world):
    home = home_in(world.county_a)
    ActivityFactory(organisation=world.county_a, title="在家的活动", home=home)
    ActivityFactory(organisation=world.county_a, title="无场所活动")
    client.force_login(world.officer)
    body = client.get(reverse("activities:activity_list"), {"place": "home"}).content.decode()
    assert "在家的活动" in body and "无场所活动" not in body
    body = client.get(reverse("activities:activity_list"), {"home": home.pk}).content.decode()
    assert "在家的活动" in body and "无场所活动" not in body


# --- photos ---------------------------------------------------------------------------------------------------
def _file(content, name):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def test_activity_photos_checked_and_served_only_in_scope(client, world, settings):
    activity = ActivityFactory(organisation=world.county_a)
    client.force_login(world.officer)
    data = {"title": activity.title, "date": YESTERDAY, "category": "other", "organisation": world.county_a.pk,
            "participants": 9}  # fmt: skip
    url = reverse("activities:activity_edit", args=[activity.pk])
    response = client.post(url, {**data, "attachments": _file(b"%PDF-1.4 x", "report.pdf")})
    assert response.status_code == 200 and "不是可接受的类型" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 20
    response = client.post(url, {**data, "attachments": _file(_png(), "big.png")})
    assert response.status_code == 200 and "超过上限" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    assert client.post(url, {**data, "attachments": _file(_png(), "合影.png")}).status_code == 302
    photo = ActivityPhoto.objects.get()
    assert client.get(photo.get_absolute_url()).status_code == 200
    client.force_login(world.outsider)
    assert client.get(photo.get_absolute_url()).status_code == 404


def test_blank_form_for_a_union_offers_only_places_on_its_line(client, world):
    own = home_in(world.township_a, name="本单位之家")
    home_in(world.county_a, name="兄弟单位之家")
    StationFactory(host=world.township_a, name="街道服务站")
    client.force_login(world.officer)
    page = client.get(reverse("activities:activity_add"), {"organisation": own.organisation_id}).content.decode()
    assert "本单位之家" in page and "街道服务站" in page
    assert "兄弟单位之家" not in page
    # Without an organiser, stations and homes are searched rather than listed.
    page = client.get(reverse("activities:activity_add")).content.decode()
    assert "兄弟单位之家" not in page and reverse("core:autocomplete", args=["homes.workershome"]) in page
    body = client.get(reverse("core:autocomplete", args=["homes.workershome"]), {"q": "兄弟", "scope": "change"})
    assert "兄弟单位之家" in body.content.decode()
