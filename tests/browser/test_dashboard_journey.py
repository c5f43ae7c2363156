"""The dashboards in a real browser: province staff open 统计, see the charts drawn, drill from the province down
through prefecture, county and township to the unions behind a figure (the list's count is the figure's
numerator), open a union and come back; the prefecture officer reads theirs on a tablet, sorting the table; the
county officer reads the county's."""

from tests.browser.test_acceptance_journey import DESKTOP, TABLET, session
from tests.figures.factories import YEAR, build_figure_world


def drawn(page, selector):
    """ECharts drew into the box: it holds a canvas of some size."""
    page.wait_for_selector(f"{selector} canvas", timeout=15000)
    box = page.locator(f"{selector} canvas").first.bounding_box()
    return box is not None and box["width"] > 100 and box["height"] > 100


def test_dashboard_journey(browser, live_server, world, shot):
    fw = build_figure_world(world)
    base = live_server.url

    context, page = session(browser, live_server, world.province_staff, DESKTOP)
    page.goto(f"{base}/dashboards/?year={YEAR}")
    page.wait_for_url(f"{base}/dashboards/{world.province.pk}/**")
    page.goto(f"{base}/dashboards/{world.province.pk}/?year={YEAR}")
    assert drawn(page, "#breakdown-chart") and drawn(page, "#trend-chart")
    assert page.locator("#figure-six_has_rate [data-figure]").inner_text() == "75.0%"
    shot(page, "province")

    page.click(f"#breakdown-table a:text-is('{world.prefecture_a.name}')")
    page.wait_for_url(f"{base}/dashboards/{world.prefecture_a.pk}/**")
    shot(page, "prefecture")
    page.click(f"#breakdown-table a:text-is('{world.county_a.name}')")
    page.wait_for_url(f"{base}/dashboards/{world.county_a.pk}/**")
    page.click(f"#breakdown-table a:text-is('{world.township_a.name}')")
    page.wait_for_url(f"{base}/dashboards/{world.township_a.pk}/**")
    shot(page, "township")

    numerator = page.locator("#figure-six_has_rate [data-numerator]").inner_text()
    page.click("#figure-six_has_rate a[data-figure]")
    page.wait_for_url("**/orgs/?**")
    assert page.locator(f"text=共 {numerator} 条").count() == 1
    assert page.locator(f"a:text-is('{fw.u1.name}')").count() == 1
    shot(page, "unions-behind-six-has")
    page.click(f"a:text-is('{fw.u1.name}')")
    page.wait_for_selector(f"h1:has-text('{fw.u1.name}')")
    shot(page, "union")

    for _step in range(5):  # back through the list and the township, county and prefecture to the province
        page.go_back()
    page.wait_for_url(f"{base}/dashboards/{world.province.pk}/**")
    assert drawn(page, "#breakdown-chart")
    context.close()

    context, page = session(browser, live_server, world.prefecture_officer, TABLET)
    page.goto(f"{base}/dashboards/{world.prefecture_a.pk}/?year={YEAR}")
    assert drawn(page, "#breakdown-chart")
    heading = page.locator("#breakdown-table thead button", has_text="“六有”工会达标率")
    heading.click()
    first = page.locator("#breakdown-table tbody tr").first.locator("td").first.inner_text()
    heading.click()
    assert page.locator("#breakdown-table tbody tr").first.locator("td").first.inner_text() != first
    shot(page, "prefecture-tablet-sorted")
    context.close()

    context, page = session(browser, live_server, world.officer, DESKTOP)
    assert page.locator("a[href='/dashboards/']").count() >= 1  # the 统计 menu's entry
    page.goto(f"{base}/dashboards/?year={YEAR}")
    page.wait_for_url(f"{base}/dashboards/{world.county_a.pk}/**")
    assert page.locator("h1").inner_text().startswith(world.county_a.name)
    shot(page, "county")
    context.close()
