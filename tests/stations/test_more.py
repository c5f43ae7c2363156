"""Smaller doors of stations: deleting photos, the services and contacts endpoints, list filters, the home
page's waiting item."""

from django.urls import reverse
from django.utils import timezone

from core.testing import api_client
from stations.models import StationContact, StationPhoto, StationService
from tests.stations.factories import ServiceRecordFactory, ServiceStationFactory, offer, png_upload


def photo_of(station):
    return StationPhoto.objects.create(
        station=station, file=png_upload(), original_name="a.png", content_type="image/png", size=10
    )


def test_photo_delete_needs_write_scope(client, world):
    station = ServiceStationFactory(host=world.county_a)
    photo = photo_of(station)
    url = reverse("stations:stationphoto_delete", args=[photo.pk])
    client.force_login(world.outsider)
    assert client.post(url).status_code == 404
    client.force_login(world.viewer)
    assert client.post(url).status_code == 403
    assert url not in client.get(station.get_absolute_url()).content.decode()
    client.force_login(world.officer)
    assert url in client.get(station.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 302
    assert not StationPhoto.objects.exists()
    assert StationPhoto.history.filter(id=photo.pk, history_type="-").get().history_user == world.officer


def test_services_and_contacts_endpoints(world):
    station = ServiceStationFactory(host=world.county_a)
    theirs = ServiceStationFactory(host=world.county_b)
    api = api_client(world.officer)
    url = reverse("api:stationservice-list")
    response = api.post(url, {"station": station.pk, "category": "rights", "offered": "法律咨询"}, format="json")
    assert response.status_code == 201
    response = api.post(url, {"station": station.pk, "category": "rights", "offered": "又一行"}, format="json")
    assert response.status_code == 400
    assert "同一服务类别只需填写一行" in str(response.json())
    response = api.post(url, {"station": theirs.pk, "category": "relief", "offered": "越界"}, format="json")
    assert response.status_code == 400
    assert StationService.objects.count() == 1
    response = api.post(
        reverse("api:stationcontact-list"), {"station": station.pk, "name": "才让", "role": "站长"}, format="json"
    )
    assert response.status_code == 201
    assert StationContact.objects.get().history.first().history_user == world.officer
    body = api.get(reverse("api:servicestation-detail", args=[station.pk])).json()
    assert [s["category"] for s in body["services"]] == ["rights"]
    assert [c["name"] for c in body["contacts"]] == ["才让"]
    assert api_client(world.outsider).get(reverse("api:stationservice-list")).json()["count"] == 0


def test_station_list_filters(client, world):
    inside = ServiceStationFactory(host=world.township_a, name="街道站")
    offer(inside, "rights", "education")
    other = ServiceStationFactory(host=world.county_a, name="区中心")
    offer(other, "rights")
    client.force_login(world.prefecture_officer)
    url = reverse("stations:servicestation_list")
    body = client.get(url, {"within": world.township_a.pk}).content.decode()
    assert "街道站" in body and "区中心" not in body
    body = client.get(url, {"offers": ["rights", "education"]}).content.decode()
    assert "街道站" in body and "区中心" not in body
    response = api_client(world.prefecture_officer).get(
        reverse("api:servicestation-list"), {"within": world.township_a.pk}
    )
    assert [row["name"] for row in response.json()["results"]] == ["街道站"]


def test_open_follow_ups_wait_on_the_home_page(client, world):
    station = ServiceStationFactory(host=world.county_a)
    ServiceRecordFactory(station=station, follow_up_needed=True)
    ServiceRecordFactory(station=station, follow_up_needed=True)
    ServiceRecordFactory(
        station=station, follow_up_needed=True, follow_up_done=True, follow_up_done_on=timezone.localdate()
    )
    client.force_login(world.officer)
    body = client.get(reverse("home")).content.decode()
    assert "服务台账中待跟进的服务" in body
    listed = client.get(reverse("stations:servicerecord_list"), {"follow_up_open": "true"}).content.decode()
    assert listed.count("待跟进</span>") == 2
    client.force_login(world.outsider)
    assert "服务台账中待跟进的服务" not in client.get(reverse("home")).content.decode()
