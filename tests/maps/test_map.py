"""The map of stations and homes: off (and loading nothing from outside) until a tile server is configured; the
points feed answers the reader's scope only, clusters past MAP_MAX_POINTS, and says what is wrong with a bad
parameter; homes take coordinates at every door, as stations do."""

import re
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse

from core.testing import api_client, upload
from homes.models import WorkersHome
from tests.factories import grassroots
from tests.homes.factories import home_in
from tests.homes.test_home_doors import post_home
from tests.stations.factories import ServiceStationFactory

MAP = "/map/"
POINTS = "/map/points.geojson"


@pytest.fixture
def places(world):
    """Two stations and two homes in county A (one of each without a point, one closed station), one of each in
    county B."""
    at = {"latitude": Decimal("36.62"), "longitude": Decimal("101.78")}
    return {
        "station_a": ServiceStationFactory(name="甲一站", host=world.county_a, **at),
        "station_closed": ServiceStationFactory(
            name="已关站", host=world.county_a, status="closed", status_changed_on="2026-01-05", **at
        ),
        "station_nowhere": ServiceStationFactory(name="无坐标站", host=world.township_a, latitude=None, longitude=None),
        "home_a": home_in(world.township_a, name="甲一之家", latitude=Decimal("36.70"), longitude=Decimal("101.60")),
        "home_nowhere": home_in(world.county_a, name="无坐标之家"),
        "station_b": ServiceStationFactory(name="乙一站", host=world.county_b, latitude=Decimal("34.5"), longitude=Decimal("100.2")),
        "home_b": home_in(world.county_b, name="乙一之家", latitude=Decimal("34.6"), longitude=Decimal("100.3")),
    }  # fmt: skip


def names(body):
    return sorted(f["properties"]["name"] for f in body["features"])


def external_urls(html):
    """Every src/href in the page that leaves the portal."""
    return [url for url in re.findall(r'(?:src|href)="([^"]+)"', html) if re.match(r"(https?:)?//", url)]


def test_without_a_tile_server_the_map_is_off_and_nothing_is_loaded_from_outside(client, world, places):
    client.force_login(world.officer)
    html = client.get(MAP).content.decode()
    assert "地图尚未开通" in html
    assert "leaflet" not in html.lower() and 'id="map-config"' not in html
    assert external_urls(html) == []
    assert 'href="/map/"' not in client.get("/").content.decode()  # no menu entry for a map that is off
    coverage = re.search(r'<tr data-kind="station">.*?</tr>', html, re.S).group(0)
    assert ">1</a>" in coverage  # 甲一站 has a point; 无坐标站 has none; the closed one is left out
    located = client.get("/stations/", {"located": "no"}).content.decode()
    assert "无坐标站" in located and "甲一站" not in located
    # each count of the table is the count of the list it links to (closed ones left out of both)
    for url, count in re.findall(r'<td class="text-end"><a href="([^"]+)">(\d+)</a>', html):
        listed = client.get(url.replace("&amp;", "&")).content.decode()
        assert f"共 {count} 条" in listed, (url, count)


def test_tianditu_with_its_key_turns_the_map_on(client, world, places, settings):
    settings.TIANDITU_KEY = "k3y"
    client.force_login(world.officer)
    html = client.get(MAP).content.decode()
    assert "vendor/leaflet/leaflet" in html and "地图尚未开通" not in html
    assert 'href="/map/"' in client.get("/").content.decode()
    config = client.get(MAP).context["map_config"]
    assert [layer["url"].split("/")[3] for layer in config["layers"]] == ["vec_w", "cva_w"]
    assert all("tk=k3y" in layer["url"] and "{z}" in layer["url"] for layer in config["layers"])
    assert config["layers"][0]["attribution"] == "天地图"
    # the view opens on the county's points, not the province's
    assert config["bounds"] == [[36.62, 101.6], [36.7, 101.78]]


def test_an_intranet_tile_server_is_preferred_to_tianditu(client, world, settings):
    settings.TIANDITU_KEY = "k3y"
    settings.MAP_TILE_URL = "https://tiles.example.gov.cn/{z}/{x}/{y}.png"
    settings.MAP_ATTRIBUTION = "审图号：青S(2026)001号"
    client.force_login(world.officer)
    config = client.get(MAP).context["map_config"]
    assert config["layers"] == [
        {"url": settings.MAP_TILE_URL, "subdomains": "abc", "attribution": "审图号：青S(2026)001号"}
    ]


def test_points_are_the_readers_scope_only_with_what_a_popup_needs(client, world, places):
    client.force_login(world.officer)
    response = client.get(POINTS)
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert names(body) == ["甲一之家", "甲一站"]
    assert body["total"] == 2 and body["clustered"] is False
    station = next(f for f in body["features"] if f["properties"]["kind"] == "station")
    assert station["geometry"] == {"type": "Point", "coordinates": [101.78, 36.62]}
    assert station["properties"]["url"] == places["station_a"].get_absolute_url()
    assert station["properties"]["organisation"] == world.county_a.name
    assert client.get(station["properties"]["url"]).status_code == 200

    client.force_login(world.province_staff)
    assert names(client.get(POINTS).json()) == ["乙一之家", "乙一站", "甲一之家", "甲一站"]
    assert names(client.get(POINTS, {"within": world.prefecture_b.pk}).json()) == ["乙一之家", "乙一站"]
    assert names(client.get(POINTS, {"kind": "home"}).json()) == ["乙一之家", "甲一之家"]
    inside = client.get(POINTS, {"bbox": "101.7,36.5,101.9,36.65"}).json()
    assert names(inside) == ["甲一站"]


def test_a_bad_or_out_of_scope_parameter_is_a_message_not_a_500(client, world, places):
    client.force_login(world.officer)
    for params, field in [
        ({"within": world.county_b.pk}, "within"),
        ({"within": "abc"}, "within"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "101,36,100,37"}, "bbox"),
        ({"bbox": "101,36,999,37"}, "bbox"),
        ({"zoom": "-1"}, "zoom"),
        ({"kind": "tower"}, "kind"),
    ]:
        response = client.get(POINTS, params)
        assert response.status_code == 400, params
        message = response.json()["errors"][field][0]["message"]
        assert re.search(r"[\u4e00-\u9fff]", message), message
    page = client.get(MAP, {"within": world.county_b.pk})
    assert page.status_code == 200 and "范围" in page.content.decode()
    assert client.get(POINTS).status_code == 200
    client.logout()
    assert client.get(POINTS).status_code == 302


def test_many_points_come_as_clusters_that_add_up(client, world, places, settings):
    for n in range(6):
        ServiceStationFactory(
            name=f"聚合站{n}", host=world.county_a, latitude=Decimal("36.60") + n, longitude=Decimal("101.70")
        )
    settings.MAP_MAX_POINTS = 3
    client.force_login(world.province_staff)
    body = client.get(POINTS, {"zoom": 6}).json()
    assert body["clustered"] is True and body["total"] == 10
    assert sum(f["properties"]["count"] for f in body["features"]) == 10
    assert sum(f["properties"]["station"] for f in body["features"]) == 8
    assert sum(f["properties"]["home"] for f in body["features"]) == 2
    assert len(body["features"]) < 10
    # zoomed in on a few, they come one by one
    closer = client.get(POINTS, {"zoom": 12, "bbox": "101.5,36.5,101.8,36.75"}).json()
    assert closer["clustered"] is False and names(closer) == ["甲一之家", "甲一站", "聚合站0"]


def test_a_page_can_open_the_map_on_one_station(client, world, places, settings):
    settings.TIANDITU_KEY = "k3y"
    client.force_login(world.officer)
    station = places["station_a"]
    config = client.get(MAP, {"focus": f"station:{station.pk}"}).context["map_config"]
    assert config["focus"] == {"kind": "station", "id": station.pk, "lat": 36.62, "lng": 101.78}
    assert client.get(MAP, {"focus": f"station:{places['station_b'].pk}"}).context["map_config"]["focus"] is None
    assert client.get(MAP, {"focus": "station:x"}).context["map_config"]["focus"] is None
    page = client.get(station.get_absolute_url()).content.decode()
    assert f'href="/map/?focus=station:{station.pk}"' in page
    home = places["home_a"]
    assert f'href="/map/?focus=home:{home.pk}"' in client.get(home.get_absolute_url()).content.decode()
    assert "/map/?focus" not in client.get(places["home_nowhere"].get_absolute_url()).content.decode()
    dashboard = client.get(f"/dashboards/{world.county_a.pk}/").content.decode()
    assert f'href="/map/?within={world.county_a.pk}"' in dashboard
    settings.TIANDITU_KEY = ""
    assert "/map/?focus" not in client.get(station.get_absolute_url()).content.decode()


HOME_CASES = [
    # (form and API fields, import cells, field, message fragment)
    ({"latitude": "101.78", "longitude": "36.62"}, {"纬度": "101.78", "经度": "36.62"}, "latitude", "不在本省范围"),
    ({"latitude": "36.6", "longitude": ""}, {"纬度": "36.6"}, "longitude", "要么都填"),
]


@pytest.mark.parametrize(("fields", "cells", "field", "message"), HOME_CASES)
def test_home_coordinates_are_checked_at_every_door(client, world, fields, cells, field, message):
    client.force_login(world.officer)
    union = grassroots(world.county_a, name="坐标工会")
    response = post_home(client, union, **fields)
    assert response.status_code == 200 and message in response.content.decode()
    data = {"organisation": union.pk, "name": "坐标之家", **{k: v for k, v in fields.items() if v}}
    response = api_client(world.officer).post(reverse("api:workershome-list"), data, format="json")
    assert response.status_code == 400 and message in str(response.json()[field])
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = upload(
            client, reverse("homes:workershome_import"), [{"所属工会": union.name, "名称": "坐标之家", **cells}]
        )
    assert message in client.get(job["Location"]).content.decode()
    assert not WorkersHome.objects.filter(organisation=union).exists()


def test_a_home_keeps_its_point_from_form_api_and_import(client, world):
    client.force_login(world.officer)
    first, second, third = (grassroots(world.county_a, name=f"有坐标工会{n}") for n in range(3))
    assert post_home(client, first, latitude="36.617134", longitude="101.778228").status_code == 302
    response = api_client(world.officer).post(
        reverse("api:workershome-list"),
        {"organisation": second.pk, "name": "乙之家", "latitude": "36.5", "longitude": "101.5"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["latitude"] == "36.500000"
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = upload(
            client,
            reverse("homes:workershome_import"),
            [{"所属工会": third.name, "名称": "丙之家", "纬度": "36.4", "经度": "101.4"}],
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(job["Location"])
    points = dict(WorkersHome.objects.values_list("organisation__name", "latitude"))
    assert points == {first.name: Decimal("36.617134"), second.name: Decimal("36.5"), third.name: Decimal("36.4")}
    home = WorkersHome.objects.get(organisation=first)
    assert "北纬 36.617134，东经 101.778228" in client.get(home.get_absolute_url()).content.decode()


def test_points_either_side_of_a_grid_line_make_one_cluster(client, world, settings):
    # at zoom 6 a cell is 1.40625° wide and a line of the grid runs at 101.25° east
    for name, lng in (("线西站", "101.249"), ("线东站", "101.251")):
        ServiceStationFactory(name=name, host=world.county_a, latitude=Decimal("36.6"), longitude=Decimal(lng))
    ServiceStationFactory(name="远处站", host=world.county_a, latitude=Decimal("33.0"), longitude=Decimal("97.0"))
    settings.MAP_MAX_POINTS = 1
    client.force_login(world.officer)
    body = client.get(POINTS, {"zoom": 6}).json()
    counts = sorted(f["properties"]["count"] for f in body["features"])
    assert counts == [1, 2] and body["total"] == 3
    pair = next(f for f in body["features"] if f["properties"]["count"] == 2)
    assert pair["geometry"]["coordinates"] == [pytest.approx(101.25), pytest.approx(36.6)]


def test_the_home_import_template_explains_the_coordinate_columns(client, world):
    import io

    import openpyxl

    client.force_login(world.officer)
    response = client.get(reverse("homes:workershome_import"), {"template": "1"})
    notes = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[1]
    by_column = {row[0]: row[2] for row in notes.iter_rows(min_row=2, values_only=True)}
    assert "天地图" in by_column["纬度"] and "十进制度数" in by_column["经度"]
    assert "系统编号" in by_column and "新增时留空" in by_column["系统编号"]  # the resource's own notes still win
