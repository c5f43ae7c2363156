"""Station pages: photos (checked and served only in scope), the tier and what keeps a station from the next
one, monthly ledger totals, quick entry, the panel on a union's page, search, and the demo filler."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stations.choices import ServiceCategory, StationStatus, Tier
from stations.models import ServiceRecord, ServiceStation, StationPhoto, StationReview, TierRule
from stations.selectors import month_starts, monthly_totals
from stations.tiers import assess
from tests.factories import grassroots
from tests.stations.factories import (
    ServiceRecordFactory,
    ServiceStationFactory,
    StationReviewFactory,
    offer,
    png_bytes,
    png_upload,
)
from tests.stations.test_doors import station_form

ALL = [value for value, _label in ServiceCategory.choices]


# --- photos -----------------------------------------------------------------------------------------------
def edit_with(client, station, files):
    data = station_form(station.host, station.name, **{"services-TOTAL_FORMS": "0", "contacts-TOTAL_FORMS": "0"})
    data["attachments"] = files
    return client.post(reverse("stations:servicestation_edit", args=[station.pk]), data)


def test_photo_upload_is_stored_and_served_only_in_scope(client, world):
    station = ServiceStationFactory(host=world.county_a)
    client.force_login(world.officer)
    response = edit_with(client, station, [png_upload("门牌.png")])
    assert response.status_code == 302
    photo = StationPhoto.objects.get(station=station)
    assert photo.content_type == "image/png" and photo.original_name == "门牌.png"
    assert photo.history.first().history_user == world.officer
    url = photo.get_absolute_url()
    assert photo.get_absolute_url() in client.get(station.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    for user in (world.prefecture_officer, world.viewer):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_photo_of_wrong_type_is_refused(client, world):
    station = ServiceStationFactory(host=world.county_a)
    client.force_login(world.officer)
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image at all", content_type="image/png")
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    for upload in (fake, pdf):
        response = edit_with(client, station, [upload])
        assert response.status_code == 200
        assert "不是可接受的类型" in response.content.decode()
    assert not StationPhoto.objects.exists()


def test_photo_too_large_is_refused(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    station = ServiceStationFactory(host=world.county_a)
    client.force_login(world.officer)
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (1024 * 1024 + 10), content_type="image/png")
    response = edit_with(client, station, [big])
    assert response.status_code == 200
    assert "超过上限" in response.content.decode()
    assert not StationPhoto.objects.exists()


def test_photo_urls_in_the_api_answer_only_in_scope(world):
    from core.testing import api_client

    station = ServiceStationFactory(host=world.county_a)
    photo = StationPhoto.objects.create(
        station=station, file=png_upload(), original_name="a.png", content_type="image/png", size=10
    )
    response = api_client(world.officer).get(reverse("api:servicestation-detail", args=[station.pk]))
    assert response.json()["photos"][0].endswith(photo.get_absolute_url())
    assert api_client(world.outsider).get(reverse("api:servicestation-detail", args=[station.pk])).status_code == 404


# --- tiers ------------------------------------------------------------------------------------------------
def review(station, items=6, year=2025):
    fields = ["has_sign", "good_location", "has_facilities", "has_services", "rules_posted", "listed_publicly"]
    return StationReview(station=station, year=year, **{name: index < items for index, name in enumerate(fields)})


def test_tiers_follow_the_rules(world):
    station = ServiceStationFactory(host=world.county_a, floor_area=Decimal("150"))
    offer(station, *ALL)
    assert assess(station, review(station, 6)).tier == Tier.DEMONSTRATION
    assert assess(station, review(station, 5)).tier == Tier.STANDARD
    assert assess(station, review(station, 3)).tier == Tier.ORDINARY
    small = ServiceStationFactory(host=world.county_a, floor_area=Decimal("60"))
    offer(small, *ALL)
    result = assess(small, review(small, 6))
    assert result.tier == Tier.STANDARD
    assert result.gaps == ["面积需不少于 100 平方米，现为 60 平方米"]


def test_tier_rules_can_be_changed_by_an_administrator(world):
    station = ServiceStationFactory(host=world.county_a, floor_area=Decimal("60"))
    offer(station, *ALL)
    assert assess(station, review(station, 6)).tier == Tier.STANDARD
    TierRule.objects.filter(tier=Tier.DEMONSTRATION).update(min_floor_area=Decimal("50"))
    assert assess(station, review(station, 6)).tier == Tier.DEMONSTRATION


def test_review_saved_through_the_form_gets_its_tier(client, world):
    station = ServiceStationFactory(host=world.county_a, floor_area=Decimal("150"))
    offer(station, *ALL)
    client.force_login(world.officer)
    data = {
        "station": station.pk,
        "year": "2025",
        **{
            name: "on"
            for name in (
                "has_sign",
                "good_location",
                "has_facilities",
                "has_services",
                "rules_posted",
                "listed_publicly",
            )
        },
    }
    assert client.post(reverse("stations:stationreview_add"), data).status_code == 302
    assert StationReview.objects.get().tier == Tier.DEMONSTRATION
    future = {"station": station.pk, "year": str(timezone.localdate().year + 1)}
    response = client.post(reverse("stations:stationreview_add"), future)
    assert "不能评定未来年度" in response.content.decode()


def test_station_page_explains_what_keeps_it_from_the_next_tier(client, world):
    station = ServiceStationFactory(host=world.county_a, floor_area=Decimal("20"))
    offer(station, ServiceCategory.RIGHTS, ServiceCategory.RELIEF)
    StationReviewFactory(
        station=station, year=2026, has_sign=True, good_location=True, has_facilities=True, has_services=False
    )
    client.force_login(world.officer)
    body = client.get(station.get_absolute_url()).content.decode()
    assert "普通型" in body
    assert "距标准型还差" in body
    assert "“六有”需满足至少 4 项，现满足 3 项；未满足：服务功能齐全；管理制度上墙；对外公布、地图可查" in body
    assert "需开展至少 3 类服务，现开展 2 类；未开展：休闲娱乐；志愿服务；科普教育" in body
    assert "面积需不少于 30 平方米，现为 20 平方米" in body

    top = ServiceStationFactory(host=world.county_a, floor_area=Decimal("300"))
    offer(top, *ALL)
    StationReviewFactory(station=top, year=2026, rules_posted=True, listed_publicly=True)
    body = client.get(top.get_absolute_url()).content.decode()
    assert "已达到最高等级" in body
    review_page = client.get(reverse("stations:stationreview_detail", args=[top.reviews.get().pk])).content.decode()
    assert "示范型" in review_page


# --- ledger totals and quick entry -----------------------------------------------------------------------
def test_monthly_totals_per_category_over_twelve_months(world):
    today = datetime.date(2026, 11, 20)
    station = ServiceStationFactory(host=world.county_a)
    other = ServiceStationFactory(host=world.county_a)
    ServiceRecordFactory(station=station, date=datetime.date(2026, 11, 2), category="rights", workers_served=3)
    ServiceRecordFactory(station=station, date=datetime.date(2026, 11, 19), category="rights", workers_served=4)
    ServiceRecordFactory(station=station, date=datetime.date(2026, 9, 30), category="education", workers_served=20)
    ServiceRecordFactory(station=station, date=datetime.date(2025, 12, 1), category="relief", workers_served=1)
    ServiceRecordFactory(station=station, date=datetime.date(2025, 11, 30), category="relief", workers_served=50)
    ServiceRecordFactory(station=other, date=datetime.date(2026, 11, 3), category="rights", workers_served=9)
    with CaptureQueriesContext(connection) as queries:
        totals = monthly_totals(station, today=today)
    assert len(queries) == 1
    assert [row["month"] for row in totals["rows"]][:3] == [
        datetime.date(2026, 11, 1),
        datetime.date(2026, 10, 1),
        datetime.date(2026, 9, 1),
    ]
    assert len(totals["rows"]) == 12 and totals["rows"][-1]["month"] == datetime.date(2025, 12, 1)
    november = totals["rows"][0]
    assert november["cells"][ALL.index("rights")] == (2, 7)
    assert (november["services"], november["workers"]) == (2, 7)
    assert totals["rows"][2]["cells"][ALL.index("education")] == (1, 20)
    assert totals["rows"][-1]["cells"][ALL.index("relief")] == (1, 1)  # 2025-11-30 is outside the window
    assert totals["totals"][ALL.index("relief")] == (1, 1)
    assert (totals["services"], totals["workers"]) == (4, 28)
    assert month_starts(2, datetime.date(2026, 1, 5)) == [datetime.date(2025, 12, 1), datetime.date(2026, 1, 1)]


def test_station_page_shows_the_monthly_totals(client, world):
    station = ServiceStationFactory(host=world.county_a)
    ServiceRecordFactory(station=station, date=timezone.localdate(), category="volunteering", workers_served=17)
    client.force_login(world.officer)
    body = client.get(station.get_absolute_url()).content.decode()
    assert 'id="monthly-totals"' in body
    assert "1 / 17" in body


def test_quick_entry_from_the_station_page(client, world):
    station = ServiceStationFactory(host=world.township_a)
    union = grassroots(world.township_a, "甲一街道快递站工会")
    client.force_login(world.officer)
    page = client.get(station.get_absolute_url()).content.decode()
    assert reverse("stations:servicestation_quick_record", args=[station.pk]) in page
    assert union.name in page  # the unions offered are the ones the station serves
    data = {
        "date": timezone.localdate().isoformat(),
        "category": "relief",
        "workers_served": "4",
        "unions": [union.pk],
        "description": "慰问快递员",
        "station": "999999",  # ignored: the station is the page's
    }
    response = client.post(reverse("stations:servicestation_quick_record", args=[station.pk]), data)
    assert response.status_code == 302 and response["Location"].startswith(station.get_absolute_url())
    record = ServiceRecord.objects.get()
    assert (record.station, record.workers_served, list(record.unions.all())) == (station, 4, [union])
    assert record.history.first().history_user == world.officer
    for user in (world.viewer, world.outsider):
        client.force_login(user)
        response = client.post(reverse("stations:servicestation_quick_record", args=[station.pk]), data)
        assert response.status_code in (403, 404)
    assert ServiceRecord.objects.count() == 1


def test_no_quick_entry_for_readers_or_closed_stations(client, world):
    station = ServiceStationFactory(host=world.county_a)
    closed = ServiceStationFactory(
        host=world.county_a, status=StationStatus.CLOSED, status_changed_on=timezone.localdate()
    )
    url = reverse("stations:servicestation_quick_record", args=[station.pk])
    client.force_login(world.viewer)
    assert url not in client.get(station.get_absolute_url()).content.decode()
    client.force_login(world.officer)
    closed_url = reverse("stations:servicestation_quick_record", args=[closed.pk])
    assert closed_url not in client.get(closed.get_absolute_url()).content.decode()


# --- the union page's panel, search ----------------------------------------------------------------------
def test_union_page_panel_shows_hosted_and_serving_stations(client, world):
    union = grassroots(world.township_a, "甲一街道某公司工会")
    own = ServiceStationFactory(host=union, name="企业自建服务站")
    township = ServiceStationFactory(host=world.township_a, name="街道服务站")
    county = ServiceStationFactory(host=world.county_a, name="区服务中心")
    ServiceStationFactory(
        host=world.county_a, name="暂停的服务站", status=StationStatus.SUSPENDED, status_changed_on=timezone.localdate()
    )
    ServiceStationFactory(host=world.prefecture_a, name="市级服务站")  # above the county: does not count
    ServiceStationFactory(host=world.county_b, name="别县服务站")
    client.force_login(world.officer)
    body = client.get(union.get_absolute_url()).content.decode()
    panel = body[body.index('id="panel-stations"') :]
    for station in (own, township, county):
        assert station.name in panel
    for name in ("暂停的服务站", "市级服务站", "别县服务站"):
        assert name not in panel
    client.force_login(world.outsider)
    assert client.get(union.get_absolute_url()).status_code == 404


def test_serving_stations_are_found_by_walking_parents(world, django_assert_max_num_queries):
    from django.test import RequestFactory

    from stations.selectors import organisation_panel

    union = grassroots(world.township_a, "甲一街道某公司工会")
    ServiceStationFactory(host=world.county_a, name="区服务中心")
    request = RequestFactory().get("/")
    request.user = world.officer
    with CaptureQueriesContext(connection) as queries:
        context = organisation_panel(request, union)
    assert [s.name for s in context["serving"]] == ["区服务中心"]
    sql = " ".join(q["sql"] for q in queries.captured_queries if "stations_servicestation" in q["sql"])
    assert '"host_id" IN' in sql


def test_search_finds_stations_in_scope(client, world):
    ServiceStationFactory(host=world.county_a, name="格桑花职工服务站")
    ServiceStationFactory(host=world.county_b, name="格桑花二号职工服务站")
    client.force_login(world.officer)
    body = client.get(reverse("core:search"), {"q": "格桑花"}).content.decode()
    assert "格桑花职工服务站" in body
    assert "格桑花二号职工服务站" not in body


def test_menu_lists_the_station_pages(client, world):
    client.force_login(world.officer)
    body = client.get(reverse("home")).content.decode()
    assert reverse("stations:servicestation_list") in body
    assert reverse("stations:servicerecord_list") in body


# --- demo ------------------------------------------------------------------------------------------------
def counts():
    from stations.models import StationContact, StationService

    return [
        m.objects.count() for m in (ServiceStation, StationService, StationContact, StationReview, ServiceRecord)
    ] + [ServiceRecord.unions.through.objects.count()]


def test_demo_filler_is_varied_and_runs_twice_without_changes(db):
    call_command("seed_demo", grassroots=200, seed=7, stdout=io.StringIO())
    first = counts()
    assert first[0] > 50 and first[4] > 200
    statuses = set(ServiceStation.objects.values_list("status", flat=True))
    assert statuses == {StationStatus.ACTIVE, StationStatus.SUSPENDED, StationStatus.CLOSED}
    assert set(StationReview.objects.values_list("tier", flat=True)) == {t.value for t in Tier}
    assert set(StationReview.objects.values_list("year", flat=True)) == {
        timezone.localdate().year - 1,
        timezone.localdate().year,
    }
    snapshot = list(ServiceStation.objects.order_by("pk").values_list("name", "host_id", "status", "floor_area"))
    for station in ServiceStation.objects.all()[:40]:
        station.full_clean()  # the demo data keeps the rules
    for record in ServiceRecord.objects.select_related("station__host").prefetch_related("unions")[:300]:
        record.full_clean()
        from stations.models import unions_outside

        assert not unions_outside(record.station, record.unions.all())
    out = io.StringIO()
    call_command("seed_demo", grassroots=200, seed=7, stdout=out)
    assert counts() == first
    assert (
        list(ServiceStation.objects.order_by("pk").values_list("name", "host_id", "status", "floor_area")) == snapshot
    )
    assert "未改动" in out.getvalue()
