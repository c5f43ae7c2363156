"""Where cases show: the "好经验" panel on the pages of the unions, stations and homes they involve (the union page
cached under its areas' change stamps), the list's search and filters, the read-only API and the dashboards'
selector and include."""

import re

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.choices import CaseState
from cases.models import Case
from cases.selectors import published_cases_within
from core.testing import api_client
from groups.models import Group
from tests.factories import grassroots
from tests.homes.factories import home_in
from tests.stations.factories import ServiceStationFactory

from .factories import CaseFactory, published_case
from .test_case_doors import act, case_data


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_union_page_lists_published_cases_involving_it_not_drafts(client, world):
    union = grassroots(world.township_a, "面板测试工会")
    published_case(world.county_a, title="已发布的好经验", unions=[union])
    CaseFactory(organisation=world.county_a, title="还是草稿的经验", unions=[union])
    published_case(union, title="本工会自己的经验")
    published_case(world.county_a, title="不涉及本工会的经验")
    html = page(client, world.officer, union.get_absolute_url())
    assert "好经验" in html
    assert "已发布的好经验" in html and "本工会自己的经验" in html
    assert "还是草稿的经验" not in html and "不涉及本工会的经验" not in html


def test_a_published_case_edited_elsewhere_shows_at_once_on_the_cached_union_page(client, world):
    """The case belongs to another county than the union it involves: its own writes must stamp the union's area
    (Case.change_paths), or the cached page would keep the old title."""
    union = grassroots(world.township_a, "缓存面板工会")
    case = published_case(world.county_b, title="乙县的经验", unions=[union])
    assert "乙县的经验" in page(client, world.officer, union.get_absolute_url())
    client.force_login(world.province_staff)
    response = client.post(
        reverse("cases:case_edit", args=[case.pk]),
        case_data(world.county_b, title="乙县改过标题的经验", unions=[union.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = page(client, world.officer, union.get_absolute_url())
    assert "乙县改过标题的经验" in html and "乙县的经验" not in html
    act(client, world.province_staff, case, "return", reason="数据有误")
    assert "乙县改过标题的经验" not in page(client, world.officer, union.get_absolute_url())


def test_a_union_added_to_a_published_case_shows_on_its_cached_page(client, world):
    union = grassroots(world.township_a, "后加入的工会")
    case = published_case(world.county_b, title="后来才涉及的经验")
    assert "后来才涉及的经验" not in page(client, world.officer, union.get_absolute_url())
    case.unions.add(union)  # the link table's own trigger
    assert "后来才涉及的经验" in page(client, world.officer, union.get_absolute_url())


def test_station_and_home_pages_list_their_published_cases(client, world):
    station = ServiceStationFactory(host=world.township_a, name="街道服务站")
    home = home_in(world.township_a)
    shared = published_case(world.county_a, title="站家共建的经验")
    shared.stations.add(station)
    shared.homes.add(home)
    draft = CaseFactory(organisation=world.county_a, title="站家草稿")
    draft.stations.add(station)
    for record in (station, home):
        html = page(client, world.officer, record.get_absolute_url())
        assert "站家共建的经验" in html and "站家草稿" not in html
    html = page(client, world.officer, station.get_absolute_url())
    assert f"{reverse('cases:case_add')}?organisation={world.township_a.pk}&amp;stations={station.pk}" in html


def test_search_and_filters(client, world):
    group = Group.objects.filter(group_set__code="region_type", code="pastoral").get()
    pastoral = published_case(world.county_b, title="牧区流动服务", body="组建流动服务小分队上门服务", measures="zhan")
    pastoral.groups.add(group)
    union = grassroots(world.township_a, "被涉及的工会")
    involved = published_case(world.county_b, title="涉及甲区工会的经验", measures="team,mechanism", unions=[union])
    mine = CaseFactory(organisation=world.county_a, title="甲区书屋草稿", measures="jia")
    url = reverse("cases:case_list")

    def listed(user, **params):
        client.force_login(user)
        response = client.get(url, params)
        assert response.status_code == 200
        html = response.content.decode()
        return {case.title for case in (pastoral, involved, mine) if case.title in html}

    assert listed(world.officer, q="小分队") == {"牧区流动服务"}  # found in the body
    assert listed(world.officer, q="书屋") == {"甲区书屋草稿"}
    assert listed(world.outsider, q="书屋") == set()  # someone else's draft is not found
    assert listed(world.officer, measure="mechanism") == {"涉及甲区工会的经验"}
    assert listed(world.officer, measure=["zhan", "jia"]) == {"牧区流动服务", "甲区书屋草稿"}
    assert listed(world.officer, group=group.pk) == {"牧区流动服务"}
    assert listed(world.officer, state="draft") == {"甲区书屋草稿"}
    # Within county A: its own cases and those involving its unions, not county B's others.
    assert listed(world.officer, within=world.county_a.pk) == {"涉及甲区工会的经验", "甲区书屋草稿"}
    assert listed(world.officer, union=union.pk) == {"涉及甲区工会的经验"}
    assert 'name="q"' in page(client, world.officer, url)


def test_the_api_reads_published_and_in_scope_cases_only(world):
    mine = CaseFactory(organisation=world.county_a, title="甲区草稿")
    theirs = CaseFactory(organisation=world.county_b, title="乙县草稿")
    shared = published_case(world.county_b, title="乙县已发布", measures="hui,jia")
    url = reverse("api:case-list")
    assert api_client().get(url).status_code in (401, 403)
    rows = api_client(world.officer).get(url, {"page_size": 100}).json()["results"]
    assert {row["id"] for row in rows} == {mine.pk, shared.pk}
    row = next(r for r in rows if r["id"] == shared.pk)
    assert row["measures"] == ["hui", "jia"] and row["state"] == CaseState.PUBLISHED
    assert api_client(world.officer).get(reverse("api:case-detail", args=[theirs.pk])).status_code == 404
    found = api_client(world.officer).get(url, {"q": "乙县"}).json()["results"]
    assert [r["id"] for r in found] == [shared.pk]
    client = api_client(world.officer)
    assert client.post(url, {"title": "新"}, format="json").status_code == 405
    assert client.patch(reverse("api:case-detail", args=[mine.pk]), {}, format="json").status_code == 405
    assert Case.objects.count() == 3


def test_dashboard_selector_and_include(world):
    union = grassroots(world.township_a, "仪表盘工会")
    older = published_case(world.county_a, title="较早的经验")
    Case.objects.filter(pk=older.pk).update(published_at=timezone.now() - timezone.timedelta(days=30))
    newer = published_case(world.county_b, title="乙县涉及甲区的经验", unions=[union])
    CaseFactory(organisation=world.county_a, title="草稿不上仪表盘")
    published_case(world.county_b, title="与甲市无关的经验")
    with CaptureQueriesContext(connection) as queries:
        cases = published_cases_within(world.prefecture_a)
        html = render_to_string(
            "cases/partials/dashboard_cases.html", {"cases": cases, "organisation": world.prefecture_a}
        )
    assert len(queries) == 1
    assert [case.pk for case in cases] == [newer.pk, older.pk]
    assert published_cases_within(world.prefecture_a, limit=1) == [newer]
    assert "乙县涉及甲区的经验" in html and "草稿不上仪表盘" not in html
    link = f"{reverse('cases:case_list')}?within={world.prefecture_a.pk}&amp;state=published"
    assert link in html


def test_the_menu_and_global_search_reach_cases(client, world):
    published_case(world.county_b, title="可以被搜到的经验")
    html = page(client, world.officer, reverse("home"))
    assert re.search(r'href="/cases/"[^>]*>好经验<', html)
    assert "可以被搜到的经验" in page(client, world.officer, reverse("core:search") + "?q=搜到")
