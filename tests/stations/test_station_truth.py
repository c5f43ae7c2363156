"""站: 服务功能齐全 is derived from the station's services at every door; a missing review of this year shows."""

import datetime

from django.test import TestCase
from django.urls import reverse

from core.quality import checks
from core.testing import api_client, upload
from stations.choices import ServiceCategory
from stations.models import StationReview

from .factories import ServiceStationFactory, StationReviewFactory, offer

ALL = [value for value, _label in ServiceCategory.choices]
THIS_YEAR = datetime.date.today().year


def test_has_services_follows_the_services_at_the_form(client, world):
    station = ServiceStationFactory(host=world.county_a)
    offer(station, *ALL[:4])
    client.force_login(world.officer)
    data = {"station": station.pk, "year": str(THIS_YEAR), "has_sign": "on", "has_services": "on"}
    assert client.post(reverse("stations:stationreview_add"), data).status_code == 302
    assert StationReview.objects.get().has_services is False


def test_has_services_follows_the_services_at_the_api(world):
    station = ServiceStationFactory(host=world.county_a)
    offer(station, *ALL)
    response = api_client(world.officer).post(
        reverse("api:stationreview-list"), {"station": station.pk, "year": THIS_YEAR, "has_services": False}
    )
    assert response.status_code == 201 and response.json()["has_services"] is True


def test_has_services_follows_the_services_at_the_import(client, world):
    station = ServiceStationFactory(host=world.county_a)
    offer(station, ServiceCategory.RIGHTS)
    client.force_login(world.officer)
    row = {"服务站": station.name, "年度": THIS_YEAR, "服务功能齐全": "是"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("stations:stationreview_import"), [row])
    assert "校验通过" in client.get(response["Location"]).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(response["Location"])
    assert StationReview.objects.get().has_services is False


def test_reviews_contradicting_the_services_are_flagged(world):
    station = ServiceStationFactory(host=world.county_a)
    offer(station, ServiceCategory.RIGHTS)
    ticked = StationReviewFactory(station=station, year=2024, has_services=True)
    assert list(checks["review_services"].flagged()) == [ticked]


def test_missing_review_of_this_year_on_the_page_and_in_the_list(client, world):
    station = ServiceStationFactory(host=world.county_a)
    StationReviewFactory(station=station, year=THIS_YEAR - 1)
    reviewed = ServiceStationFactory(host=world.county_a)
    StationReviewFactory(station=reviewed, year=THIS_YEAR)
    client.force_login(world.officer)
    assert f"{THIS_YEAR} 年度尚未评定" in client.get(station.get_absolute_url()).content.decode()
    assert "年度尚未评定" not in client.get(reviewed.get_absolute_url()).content.decode()
    page = client.get(reverse("core:quality_list", args=["station_review_missing"])).content.decode()
    assert station.name in page and reviewed.name not in page
