"""Every list page reads at 1366 × 768 and on an 820 × 1180 tablet without sideways scrolling: as the province user,
over demo data (deep paths, long union names), in Chinese and (the main lists, the top bar) in English. On each
page the document does not scroll sideways, every table fits its container, no badge is cut and no tree path takes
more than two lines. The top bar shows the brand and the search box's hint whole; the 家 menu is not "Home"; the
picker on an edit form shows the chosen union's own name first, its ancestors below."""

import io

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from orgs.choices import Level
from orgs.demo import DEMO_PASSWORD
from orgs.models import Organisation

DESKTOP = {"width": 1366, "height": 768}
TABLET = {"width": 820, "height": 1180}

# Pages that list records but are not named <model>_list.
EXTRA_LISTS = [
    "unions:elections_due",
    "unions:completeness",
    "assessment:allocation_totals",
    "notifications:list",
    "core:quality",
]
MAIN_LISTS = [
    "orgs:organisation_list",
    "unions:registration_list",
    "unions:elections_due",
    "homes:workershome_list",
    "stations:servicestation_list",
    "cadres:cadre_list",
    "assessment:acceptancereport_list",
]

# What a reader would call overflow, measured in the page: sideways scrolling, a table wider than the box it sits in,
# a badge running past its table's box or cut inside itself, a path over two lines.
MEASURE = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) problems.push(`page ${root.scrollWidth} px wide in ${window.innerWidth}`);
  document.querySelectorAll("main table").forEach((table, i) => {
    const box = table.parentElement;
    const width = Math.round(table.getBoundingClientRect().width);
    if (width > box.clientWidth + 1) problems.push(`table ${i} ${width} px in a box of ${box.clientWidth}`);
    const right = box.getBoundingClientRect().right;
    table.querySelectorAll(".badge").forEach((badge) => {
      const r = badge.getBoundingClientRect();
      if (r.width && (r.right > right + 1 || badge.scrollWidth > badge.clientWidth + 1))
        problems.push(`badge "${badge.innerText}" cut`);
    });
  });
  const paths = [...document.querySelectorAll("main td .path-trunc")];
  paths.forEach((cell) => {
    const line = parseFloat(getComputedStyle(cell).lineHeight);
    if (cell.getBoundingClientRect().height > 2 * line + 1) problems.push(`path "${cell.title}" over two lines`);
  });
  return {problems, tables: document.querySelectorAll("main table").length, paths: paths.length};
}"""

# The top bar at desktop width: the brand not cut, the search box's hint fitting the box (put in as its value, the
# text must not scroll), the label of the 家 menu.
TOP_BAR = """() => {
  const brand = document.querySelector(".navbar-brand");
  const search = document.querySelector("form[role=search] input");
  search.value = search.placeholder;
  const hint = [search.scrollWidth, search.clientWidth];
  search.value = "";
  const jia = [...document.querySelectorAll(".portal-nav .nav-item > .nav-link")].find((a) => a.querySelector(".bi-house-door"));
  return {brand: [brand.scrollWidth, brand.clientWidth], hint, jia: jia.innerText.trim(), barHeight: document.querySelector(".portal-nav").offsetHeight};
}"""


def list_url_names():
    """Every list page of the product: URL names ending in _list that take no argument, and the other lists."""
    names = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith("_list") and namespace != "admin":
                if "<" not in str(pattern.pattern):
                    names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return sorted(set(names)) + EXTRA_LISTS


def log_in(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "sheng")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def check_lists(page, live_server, shot, names, label, problems):
    for name in names:
        url = reverse(name)
        page.goto(f"{live_server.url}{url}")
        found = page.evaluate(MEASURE)
        problems.extend(f"{label} {url}: {problem}" for problem in found["problems"])
        shot(page, f"{label}-{name.replace(':', '-')}")
        if name in ("orgs:organisation_list", "unions:registration_list"):
            # the lists the issue names: a path column really there, so the measure above has something to measure
            assert found["paths"] >= 20, (label, url, found)


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--grassroots", "150", stdout=io.StringIO())


def test_every_list_reads_without_sideways_scrolling(browser, live_server, demo, shot):
    names = list_url_names()
    assert len(names) >= 30, names  # every app's lists were found, not an empty walk
    problems = []

    for viewport, label in ((DESKTOP, "1366"), (TABLET, "820")):
        context, page = log_in(browser, live_server, viewport)
        check_lists(page, live_server, shot, names, f"zh-{label}", problems)
        # the same lists in English, switched by the button in the top bar
        with page.expect_navigation():
            page.click("button[name=language][value=en]")
        assert page.evaluate("document.documentElement.lang") == "en"
        check_lists(page, live_server, shot, MAIN_LISTS, f"en-{label}", problems)
        context.close()

    assert not problems, "\n".join(problems)


def test_top_bar_and_picker_read_whole(browser, live_server, demo, shot):
    context, page = log_in(browser, live_server, DESKTOP)
    for language in ("zh-hans", "en"):
        if language == "en":
            with page.expect_navigation():
                page.click("button[name=language][value=en]")
        bar = page.evaluate(TOP_BAR)
        shot(page, f"top-bar-{language}")
        assert bar["brand"][0] <= bar["brand"][1], bar  # the brand is not cut
        assert bar["hint"][0] <= bar["hint"][1], bar  # the search hint fits its box
        assert bar["barHeight"] < 70, bar  # one row at 1366 px
        assert bar["jia"] and bar["jia"] != "Home", bar  # the workers' homes, not the portal's home page

    # The measure can fail: a hint twice as long does not fit the same box.
    page.evaluate('document.querySelector("form[role=search] input").placeholder += " and more words to read"')
    assert page.evaluate(TOP_BAR)["hint"][0] > page.evaluate(TOP_BAR)["hint"][1]

    # The picker names the chosen union itself first, its ancestors muted below (not "…/东关大街街…").
    with page.expect_navigation():
        page.click("button[name=language][value=zh-hans]")
    township = Organisation.objects.filter(level=Level.TOWNSHIP, children__level=Level.GRASSROOTS).first()
    union = township.children.filter(level=Level.GRASSROOTS).first()
    for viewport in (DESKTOP, TABLET):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}{reverse('orgs:organisation_edit', args=[union.pk])}")
        picker = page.locator(".org-picker").first
        box = picker.locator("[data-org-picker-text]")
        assert box.input_value() == township.name
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth")
        ancestors = " / ".join(node.name for node in township.path()[:-1])
        assert picker.locator("[data-org-picker-path]").inner_text() == ancestors
        assert box.get_attribute("title") == f"{ancestors} / {township.name}"
        shot(page, f"picker-{viewport['width']}")

    # choosing another parent shows its own name in the box and its path below
    county = township.parent
    box.fill(county.name)
    result = picker.locator(f".org-picker-results [data-org-pick='{county.pk}']")
    result.click()
    assert picker.locator("[data-org-picker-value]").input_value() == str(county.pk)
    assert box.input_value() == county.name
    assert picker.locator("[data-org-picker-path]").inner_text() == " / ".join(n.name for n in county.path()[:-1])
    shot(page, "picker-chosen")
    picker.locator("[data-org-picker-clear]").click()
    assert box.input_value() == "" and not picker.locator("[data-org-picker-path]").is_visible()
    context.close()
