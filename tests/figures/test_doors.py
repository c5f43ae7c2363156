"""The figures through the doors users use: the API, the figure pages and the organisation page's panel."""

import pytest
from rest_framework.test import APIClient

from figures.registry import FIGURES

from .factories import YEAR, build_figure_world


@pytest.fixture
def fw(world):
    return build_figure_world(world)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_lists_every_figure_of_the_subtree(world, fw):
    response = api(world.officer).get("/api/v1/figures/", {"organisation": world.county_a.pk, "year": YEAR})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["organisation"] == world.county_a.pk and body["year"] == YEAR
    by_key = {row["key"]: row for row in body["results"]}
    assert list(by_key) == list(FIGURES)
    six_has = by_key["six_has_rate"]
    assert (six_has["value"], six_has["numerator"], six_has["denominator"]) == (66.7, 2, 3)
    assert by_key["membership_rate"]["name"] == "入会率"
    assert by_key["new_unions"]["denominator"] is None
    for row in body["results"]:
        assert {"key", "name", "value", "numerator", "denominator", "unit", "definition"} <= set(row)


def test_api_by_children(world, fw):
    response = api(world.province_staff).get(
        "/api/v1/figures/", {"organisation": world.province.pk, "year": YEAR, "by": "children"}
    )
    assert response.status_code == 200
    rows = {row["organisation"]: row for row in response.json()["results"]}
    assert set(rows) == {world.prefecture_a.pk, world.prefecture_b.pk}
    a = {f["key"]: f for f in rows[world.prefecture_a.pk]["figures"]}
    assert rows[world.prefecture_a.pk]["name"] == world.prefecture_a.name
    assert (a["integration_rate"]["numerator"], a["integration_rate"]["denominator"]) == (1, 3)
    b = {f["key"]: f for f in rows[world.prefecture_b.pk]["figures"]}
    assert (b["station_coverage"]["numerator"], b["station_coverage"]["denominator"]) == (1, 2)


def test_api_out_of_scope_is_404_and_bad_input_400(world, fw):
    client = api(world.officer)
    assert client.get("/api/v1/figures/", {"organisation": world.county_b.pk}).status_code == 404
    assert client.get("/api/v1/figures/", {"organisation": world.province.pk}).status_code == 404
    assert client.get("/api/v1/figures/", {"organisation": 999999}).status_code == 404
    assert client.get("/api/v1/figures/", {"organisation": "abc"}).status_code == 404
    missing = client.get("/api/v1/figures/")
    assert missing.status_code == 400 and "organisation" in missing.json()
    bad_year = client.get("/api/v1/figures/", {"organisation": world.county_a.pk, "year": "20x5"})
    assert bad_year.status_code == 400 and "年度" in bad_year.json()["year"][0]
    bad_by = client.get("/api/v1/figures/", {"organisation": world.county_a.pk, "by": "level"})
    assert bad_by.status_code == 400
    assert APIClient().get("/api/v1/figures/", {"organisation": world.county_a.pk}).status_code in (401, 403)


def test_pages_show_figures_with_definitions_and_the_unions_behind_them(world, fw, client):
    client.force_login(world.officer)
    page = client.get(f"/figures/{world.county_a.pk}/", {"year": YEAR})
    assert page.status_code == 200
    text = page.content.decode()
    assert "会站家一体化率" in text and str(FIGURES["integration_rate"].definition) in text
    assert "按下级组织" in text and world.township_a.name in text
    units = client.get(f"/figures/{world.county_a.pk}/six_has_rate/", {"year": YEAR})
    assert units.status_code == 200
    text = units.content.decode()
    assert fw.u1.name in text and fw.u3.name in text and fw.u2.name not in text
    denominator = client.get(f"/figures/{world.county_a.pk}/six_has_rate/", {"year": YEAR, "side": "denominator"})
    assert fw.u2.name in denominator.content.decode()
    assert client.get(f"/figures/{world.county_b.pk}/").status_code == 404
    assert client.get(f"/figures/{world.county_a.pk}/no_such_figure/").status_code == 404
    assert client.get(f"/figures/{world.county_a.pk}/", {"year": "abc"}).status_code == 200
    assert client.get("/figures/").status_code == 302


def test_organisation_page_has_the_figures_panel(world, fw, client):
    client.force_login(world.officer)
    text = client.get(world.county_a.get_absolute_url()).content.decode()
    panel = f"/figures/{world.county_a.pk}/panel/"
    assert "统计指标" in text and panel in text
    body = client.get(panel).content.decode()
    assert str(FIGURES["six_has_rate"].definition) in body and "66.7%" in body
    assert client.get(f"/figures/{world.county_b.pk}/panel/").status_code == 404
