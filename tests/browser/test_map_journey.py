"""The map of stations and homes in a real browser. Off by default: the page says so and the browser asks no
other host for anything. With a tile server configured (here one the test answers itself, so nothing leaves the
machine), province staff see every point of the province, open a station from its popup and come back to the
map from the station's page; with many points they see clusters; the county officer on a tablet sees the
county's points only."""

import io
from decimal import Decimal

from PIL import Image, ImageDraw

from tests.browser.test_acceptance_journey import DESKTOP, TABLET, session
from tests.homes.factories import home_in
from tests.stations.factories import ServiceStationFactory


def tile():
    """A plain 256-pixel tile with a grid, standing in for the base map."""
    image = Image.new("RGB", (256, 256), (236, 240, 232))
    draw = ImageDraw.Draw(image)
    for at in range(0, 256, 64):
        draw.line([(at, 0), (at, 255)], fill=(210, 215, 205))
        draw.line([(0, at), (255, at)], fill=(210, 215, 205))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def watch(page, base):
    """The hosts other than the portal that the page asked for anything."""
    asked = []
    page.on("request", lambda request: asked.append(request.url) if not request.url.startswith(base) else None)
    return asked


def serve_tiles(page, png):
    page.route("**/test-tiles/**", lambda route: route.fulfill(status=200, content_type="image/png", body=png))


def test_map_off_then_on(browser, live_server, world, shot, settings):
    base = live_server.url
    station = ServiceStationFactory(name="城东区职工服务站", host=world.county_a, latitude=Decimal("36.62"), longitude=Decimal("101.78"))  # fmt: skip
    ServiceStationFactory(name="乙县职工服务站", host=world.county_b, latitude=Decimal("34.50"), longitude=Decimal("100.20"))  # fmt: skip
    home_in(world.township_a, name="街道职工之家", latitude=Decimal("36.66"), longitude=Decimal("101.70"))
    home_in(world.county_b, name="乙县某公司职工之家", latitude=Decimal("34.60"), longitude=Decimal("100.30"))
    home_in(world.county_a, name="没有坐标的职工之家")

    context, page = session(browser, live_server, world.officer, DESKTOP)
    asked = watch(page, base)
    page.goto(f"{base}/map/")
    assert "地图尚未开通" in page.locator("#map-off").inner_text()
    assert page.locator("#map-coverage tr[data-kind=home] td").last.inner_text() == "1"
    shot(page, "map-off")
    assert asked == []
    context.close()

    settings.MAP_TILE_URL = f"{base}/test-tiles/{{z}}/{{x}}/{{y}}.png"
    settings.MAP_ATTRIBUTION = "测试瓦片"
    png = tile()
    context, page = session(browser, live_server, world.province_staff, DESKTOP)
    serve_tiles(page, png)
    asked = watch(page, base)
    page.click("text=统计")
    page.click("a[href='/map/']")
    page.wait_for_selector("path.map-point", timeout=15000)
    assert page.locator("path.map-point-station").count() == 2
    assert page.locator("path.map-point-home").count() == 2
    assert page.locator("#map-status").inner_text() == "显示 4 个点。"
    assert "测试瓦片" in page.locator(".leaflet-control-attribution").inner_text()
    shot(page, "province-map")

    page.locator("path.map-point-station").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    page.wait_for_timeout(400)
    name = popup.locator(".fw-semibold").inner_text()
    assert name in ("城东区职工服务站", "乙县职工服务站")
    shot(page, "popup")
    popup.locator("a", has_text="查看详情").click()
    page.wait_for_selector(f"h1:has-text('{name}')")
    page.goto(f"{base}{station.get_absolute_url()}")
    page.click("text=在地图上查看")
    page.wait_for_selector(".leaflet-popup-content:has-text('城东区职工服务站')", timeout=15000)
    page.wait_for_timeout(400)  # the popup's fade-in
    shot(page, "station-focused")
    assert asked == []  # tiles came from the configured server (here the portal's own address), nothing else

    settings.MAP_MAX_POINTS = 2
    page.goto(f"{base}/map/")
    page.wait_for_selector(".map-cluster", timeout=15000)
    assert "已按区域汇总" in page.locator("#map-status").inner_text()
    assert sum(int(c.inner_text()) for c in page.locator(".map-cluster").all()) == 4
    shot(page, "clusters")
    context.close()

    settings.MAP_MAX_POINTS = 1500
    context, page = session(browser, live_server, world.officer, TABLET)
    serve_tiles(page, png)
    page.goto(f"{base}/map/")
    page.wait_for_selector("path.map-point", timeout=15000)
    assert page.locator("path.map-point").count() == 2  # the county's station and home, not county B's
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "county-tablet")
    context.close()
