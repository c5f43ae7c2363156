"""Dashboards through the doors users use: the page per organisation in scope, its cuts (children, level, group
set), the click-through lists whose count is the figure's numerator, the xlsx export and the PDF briefing, bad
input answered in Chinese, and the API's group-set cuts and targets."""

import io
import re

import pytest
from openpyxl import load_workbook

from assessment.models import PlanIndicator, Target, TargetPlan
from core.testing import api_client
from figures.registry import FIGURES
from groups.models import Group, GroupMembership, GroupSet
from tests.figures.factories import YEAR, build_figure_world


@pytest.fixture
def fw(world):
    return build_figure_world(world)


def page(client, user, org, **params):
    client.force_login(user)
    response = client.get(f"/dashboards/{org.pk}/", {"year": YEAR, **params})
    assert response.status_code == 200, response.status_code
    return response


def count_of(client, url):
    text = client.get(url).content.decode()
    match = re.search(r"共 (\d+) 条", text)
    return int(match.group(1)) if match else 0


def test_each_reader_sees_the_dashboards_of_their_scope(client, world, fw):
    client.force_login(world.officer)
    assert client.get("/dashboards/").url == f"/dashboards/{world.county_a.pk}/"
    assert client.get(f"/dashboards/{world.county_b.pk}/").status_code == 404
    assert client.get(f"/dashboards/{world.province.pk}/").status_code == 404
    client.force_login(world.prefecture_officer)
    assert client.get("/dashboards/").url == f"/dashboards/{world.prefecture_a.pk}/"
    assert client.get("/dashboards/", {"year": YEAR}).url == f"/dashboards/{world.prefecture_a.pk}/?year={YEAR}"
    client.logout()
    assert client.get(f"/dashboards/{world.county_a.pk}/").status_code == 302


def test_province_dashboard_drills_down_to_the_unions_behind_a_figure(client, world, fw):
    response = page(client, world.province_staff, world.province)
    text = response.content.decode()
    headline = {item["figure"].key: item["value"] for item in response.context["headline"]}
    assert (headline["six_has_rate"].numerator, headline["six_has_rate"].denominator) == (3, 4)
    assert "echarts.min.js" in text and "cdn" not in text.lower()
    labels = [row["label"] for row in response.context["rows"]]
    assert world.prefecture_a.name in labels and world.prefecture_b.name in labels
    assert f'href="/dashboards/{world.prefecture_a.pk}/?year={YEAR}"' in text  # drill down

    # every figure of every row opens a list whose count is its numerator
    for row in response.context["rows"]:
        for cell in row["cells"]:
            if cell.get("url") and FIGURES[cell["key"]].key != "membership_rate":
                assert count_of(client, cell["url"]) == cell["numerator"], (row["label"], cell["key"])
    for item in response.context["headline"]:
        if item["figure"].key != "membership_rate":
            assert count_of(client, item["url"]) == item["value"].numerator, item["figure"].key

    county = page(client, world.province_staff, world.county_a)
    own = [row for row in county.context["rows"] if row.get("own")]
    assert own and "本级及直属基层工会" in own[0]["label"]
    six_has = {row["label"]: row["values"]["six_has_rate"] for row in county.context["rows"]}
    assert (six_has[world.township_a.name].numerator, six_has[world.township_a.name].denominator) == (1, 2)
    assert sum(v.denominator for v in six_has.values()) == 3  # the children and the own row make up the whole


def test_cuts_by_level_and_by_group_set(client, world, fw):
    response = page(client, world.province_staff, world.province, by="level:county")
    labels = [row["label"] for row in response.context["rows"]]
    assert labels == [world.county_a.name, world.county_b.name]

    fw.u1.region_class = "3"
    fw.u1.save()
    response = page(client, world.province_staff, world.province, by="region_class")
    rows = {row["label"]: row["values"]["six_has_rate"] for row in response.context["rows"]}
    third = Group.objects.get(group_set__code="region_class", code="3").name
    assert (rows[third].numerator, rows[third].denominator) == (1, 1)
    assert rows["未分组"].denominator == 3  # exclusive: the unions of no class are a row of their own

    key_units = GroupSet.objects.create(code="key_units", name="重点联系单位", source="manual")
    group = Group.objects.create(group_set=key_units, code="k1", name="第一批")
    GroupMembership.objects.create(group=group, organisation=fw.u2)
    GroupMembership.objects.create(group=group, organisation=fw.u5)
    response = page(client, world.province_staff, world.province, by="key_units")
    rows = {row["label"]: row["values"]["six_has_rate"] for row in response.context["rows"]}
    assert (rows["第一批"].numerator, rows["第一批"].denominator) == (1, 2)

    response = page(client, world.province_staff, world.province, by="no_such_set")
    assert "没有名为“no_such_set”的分组方式" in response.content.decode()
    response = page(client, world.province_staff, world.province, year="20x5")
    assert "年度应为四位数字" in response.content.decode()


def test_api_cuts_by_group_set_and_shows_targets(world, fw):
    plan = TargetPlan.objects.create(issuer=world.province, year=YEAR, name="省级目标")
    indicator = PlanIndicator.objects.create(plan=plan, figure="six_has_rate", value=80)
    Target.objects.create(indicator=indicator, organisation=world.prefecture_a, value=90)
    client = api_client(world.province_staff)
    body = client.get("/api/v1/figures/", {"organisation": world.prefecture_a.pk, "year": YEAR}).json()
    six_has = next(r for r in body["results"] if r["key"] == "six_has_rate")
    assert six_has["target"] == 90.0
    assert "target" not in next(r for r in body["results"] if r["key"] == "new_unions")  # no plan sets one
    fw.u5.industry = "C"
    fw.u5.save()
    body = client.get("/api/v1/figures/", {"organisation": world.province.pk, "year": YEAR, "by": "industry"}).json()
    assert body["by"] == "industry"
    manufacturing = next(r for r in body["results"] if r["code"] == "C")
    six_has = next(f for f in manufacturing["figures"] if f["key"] == "six_has_rate")
    assert (six_has["numerator"], six_has["denominator"]) == (1, 1)
    bad = client.get("/api/v1/figures/", {"organisation": world.province.pk, "by": "nonsense"})
    assert bad.status_code == 400 and "by" in bad.json()


def test_export_and_briefing(client, world, fw):
    client.force_login(world.province_staff)
    response = client.get(f"/dashboards/{world.province.pk}/export.xlsx", {"year": YEAR, "by": "level:county"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    figures, breakdown = book.worksheets
    assert figures["A2"].value == str(FIGURES["membership_rate"].name)
    assert [breakdown.cell(row=r, column=1).value for r in (2, 3)] == [world.county_a.name, world.county_b.name]
    pdf = client.get(f"/dashboards/{world.province.pk}/briefing.pdf", {"year": YEAR})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    client.force_login(world.officer)
    assert client.get(f"/dashboards/{world.province.pk}/export.xlsx").status_code == 404


def test_an_industry_union_sees_its_affiliated_unions(client, world, fw):
    from orgs.choices import Level
    from tests.factories import OrganisationFactory

    industry = OrganisationFactory(name="省机械冶金建材工会", level=Level.INDUSTRY, parent=world.province)
    group = Group.objects.create(
        group_set=GroupSet.objects.get(code="industry_union"), code="jixie", name=industry.name, organisation=industry
    )
    GroupMembership.objects.create(group=group, organisation=fw.u1)
    GroupMembership.objects.create(group=group, organisation=fw.u5)
    response = page(client, world.province_staff, industry)
    affiliated = {item["figure"].key: item["value"] for item in response.context["affiliated"]["headline"]}
    assert (affiliated["six_has_rate"].numerator, affiliated["six_has_rate"].denominator) == (2, 2)
    assert {row["label"] for row in response.context["affiliated"]["rows"]} == {
        world.prefecture_a.name,
        world.prefecture_b.name,
    }
    assert "条块结合" in response.content.decode()
    assert page(client, world.province_staff, world.county_a).context["affiliated"] is None


def test_completeness_has_prefecture_subtotals_a_within_filter_and_on_time_rates(client, world, fw):
    from orgs.choices import Level
    from tests.factories import OrganisationFactory
    from tests.unions.factories import union_under

    county_c = OrganisationFactory(name="甲二区总工会", level=Level.COUNTY, parent=world.prefecture_a)
    union_under(county_c)
    client.force_login(world.province_staff)
    response = client.get("/unions/completeness/", {"year": YEAR})
    rows = response.context["rows"]
    subtotal = next(r for r in rows if r.get("subtotal"))
    assert subtotal["unit"] == world.prefecture_a
    counties = [r for r in rows if not r.get("subtotal") and r["unit"].prefecture_id == world.prefecture_a.pk]
    assert subtotal["expected"] == sum(r["expected"] for r in counties) == 4  # u1, u2, u3 and the new one
    assert subtotal["done"] == sum(r["done"] for r in counties)
    assert "小计" in response.content.decode() and "及时率" in response.content.decode()
    within = client.get("/unions/completeness/", {"year": YEAR, "within": world.prefecture_b.pk}).context["rows"]
    assert [r["unit"] for r in within] == [world.county_b]
    bad = client.get("/unions/completeness/", {"year": YEAR, "within": "abc"})
    assert bad.status_code == 200 and "范围" in bad.content.decode()


def test_a_grassroots_union_cut_by_a_group_set_answers_not_500(world, fw):
    client = api_client(world.province_staff)
    fw.u1.region_class = "1"
    fw.u1.save()
    body = client.get("/api/v1/figures/", {"organisation": fw.u1.pk, "year": YEAR, "by": "region_class"}).json()
    rows = {row["code"]: row for row in body["results"]}
    six_has = {code: next(f for f in row["figures"] if f["key"] == "six_has_rate") for code, row in rows.items()}
    assert (six_has["1"]["numerator"], six_has["1"]["denominator"]) == (1, 1)
    assert six_has["2"]["denominator"] == 0
