"""The organisation list at any size: a fixed number of queries whatever the number of rows (the rows' paths come
from one query on their ancestor columns, the user's roles from one), the rows' markup built without a template
loop per cell, and the unfiltered filter form kept per language."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import grassroots


def get(client, query=""):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("orgs:organisation_list") + query)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_the_list_costs_the_same_queries_for_3_or_90_unions(client, world):
    client.force_login(world.province_staff)
    holders = [world.county_a, world.township_a, world.county_b]
    # Grassroots rows only: their ancestors are never rows of the same page, so every page needs the one query.
    fixed = ("?level=grassroots", "?level=grassroots&page=2", f"?level=grassroots&within={world.county_b.pk}")
    # Mixed rows: the ancestor query is left out when every ancestor is a row of the page itself.
    mixed = ("", "?q=%E5%B7%A5%E4%BC%9A&sort=name")
    queries = fixed + mixed
    for i, parent in enumerate(holders):
        grassroots(parent, name=f"少量{i}公司工会")
    few = {query: get(client, query)[0] for query in queries}
    for i in range(87):
        grassroots(holders[i % 3], name=f"大量{i}公司工会")
    many = {}
    for query in queries:
        many[query], page = get(client, query)
        # every row still names its whole path, read from that one query
        if query == "?level=grassroots&page=2":
            assert "测试省总工会 / 甲市总工会 / 甲一区总工会 / 甲一街道工会" in page
        if query.startswith("?within"):
            assert "测试省总工会 / 乙州总工会 / 乙一县总工会" in page
    assert all(many[query] == few[query] for query in fixed), f"queries for 3 unions {few}, for 90 {many}"
    assert all(many[query] <= few[fixed[0]] for query in mixed), f"queries for 3 unions {few}, for 90 {many}"
    assert many[fixed[0]] <= 7, many


def test_a_county_officer_sees_the_same_cost_and_only_their_county(client, world):
    client.force_login(world.officer)
    grassroots(world.county_a, name="本县一工会")
    other = grassroots(world.county_b, name="外县一工会")
    few, _page = get(client, "?level=grassroots")
    for i in range(40):
        grassroots(world.county_a, name=f"本县{i}号工会")
    many, page = get(client, "?level=grassroots")
    assert many == few
    assert "本县一工会" in page and other.name not in page


def test_the_unfiltered_filter_form_is_the_same_for_everyone_and_follows_the_language(client, world):
    client.force_login(world.officer)
    _count, officer_page = get(client)
    client.force_login(world.province_staff)
    _count, staff_page = get(client)

    def form(page):
        return page.split('<form method="get">', 1)[1].split("</form>", 1)[0]

    assert form(officer_page) == form(staff_page)
    assert 'name="level"' in form(staff_page) and "层级" in form(staff_page)
    # a filtered list shows its own values, not the kept form
    _count, page = get(client, "?level=county")
    assert re.search(r'<input[^>]*value="county"[^>]*checked', form(page))
    assert not re.search(r'<input[^>]*value="county"[^>]*checked', form(staff_page))
    client.post("/i18n/setlang/", {"language": "en", "next": "/orgs/"})
    _count, english = get(client)
    assert "Level" in form(english) and "层级" not in form(english)


def test_paths_are_loaded_per_chunk_when_the_rows_are_streamed(world):
    from orgs.models import Organisation

    for i in range(5):
        grassroots(world.township_a, name=f"迭代{i}工会")
    rows = Organisation.objects.filter(level="grassroots").with_path()
    with CaptureQueriesContext(connection) as ctx:
        paths = [row.path_display() for row in rows.iterator(chunk_size=2)]
    assert paths == ["测试省总工会 / 甲市总工会 / 甲一区总工会 / 甲一街道工会"] * 5
    assert len(ctx) == 1 + 3  # the rows, then one query for the ancestors of each chunk of two
