"""Export of the organisation list: exactly the filtered rows, inside scope, with Chinese headers."""

import io

import openpyxl
import pytest
import tablib

from orgs.choices import Level
from orgs.resources import OrganisationResource
from tests.factories import OrganisationFactory

HEADERS = [str(f.column_name) for f in OrganisationResource().get_export_fields()]


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads the Chinese text"
    dataset = tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv")
    return dataset.headers, [dict(zip(dataset.headers, row, strict=True)) for row in dataset]


def read_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    headers = list(rows[0])
    return headers, [dict(zip(headers, row, strict=True)) for row in rows[1:]]


READERS = {"csv": read_csv, "xlsx": read_xlsx}


@pytest.fixture
def tree(world):
    """Grassroots unions under county_a and township_a, and one in the other prefecture."""
    return {
        "g1": OrganisationFactory(name="甲一基层工会", level=Level.GRASSROOTS, parent=world.county_a),
        "g2": OrganisationFactory(name="街道基层工会", level=Level.GRASSROOTS, parent=world.township_a),
        "g3": OrganisationFactory(name="乙一基层工会", level=Level.GRASSROOTS, parent=world.county_b),
        "industry": OrganisationFactory(name="甲市产业工会", level=Level.INDUSTRY, parent=world.prefecture_a),
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_by_level_carries_exactly_the_filtered_rows(client, world, tree, fmt):
    client.force_login(world.prefecture_officer)
    headers, rows = READERS[fmt](client.get("/orgs/", {"export": fmt, "level": "township"}))
    assert headers == HEADERS
    assert {"系统编号", "名称", "层级", "上级组织", "统一社会信用代码"} <= set(headers)
    assert [row["名称"] for row in rows] == [world.township_a.name]
    row = rows[0]
    assert int(row["系统编号"]) == world.township_a.pk
    assert row["层级"] == "乡镇(街道)、园区工会"  # the Chinese label, not the stored value
    assert row["上级组织"] == "测试省总工会/甲市总工会/甲一区总工会"
    assert row["状态"] == "正常"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_within_a_subtree(client, world, tree, fmt):
    client.force_login(world.prefecture_officer)
    _headers, rows = READERS[fmt](client.get("/orgs/", {"export": fmt, "within": world.county_a.pk}))
    assert sorted(row["名称"] for row in rows) == sorted(
        [world.county_a.name, world.township_a.name, tree["g1"].name, tree["g2"].name]
    )
    # Two filters together: the grassroots unions of that subtree.
    _headers, rows = READERS[fmt](
        client.get("/orgs/", {"export": fmt, "within": world.county_a.pk, "level": "grassroots"})
    )
    assert sorted(row["名称"] for row in rows) == sorted([tree["g1"].name, tree["g2"].name])


def test_export_by_search_and_several_levels(client, world, tree):
    client.force_login(world.province_staff)
    _headers, rows = read_csv(client.get("/orgs/?export=csv&level=county&level=industry"))
    assert sorted(row["名称"] for row in rows) == sorted(
        [world.county_a.name, world.county_b.name, tree["industry"].name]
    )
    _headers, rows = read_csv(client.get("/orgs/", {"export": "csv", "q": "基层"}))
    assert sorted(row["名称"] for row in rows) == sorted([tree["g1"].name, tree["g2"].name, tree["g3"].name])


def test_unfiltered_export_is_the_whole_read_scope_and_nothing_else(client, world, tree):
    client.force_login(world.officer)
    _headers, rows = read_csv(client.get("/orgs/", {"export": "csv"}))
    assert sorted(row["名称"] for row in rows) == sorted(
        [world.county_a.name, world.township_a.name, tree["g1"].name, tree["g2"].name]
    )


def test_export_filtered_by_an_out_of_scope_subtree_leaks_nothing(client, world, tree):
    client.force_login(world.officer)
    response = client.get("/orgs/", {"export": "csv", "within": world.county_b.pk})
    text = response.content.decode("utf-8-sig")
    assert tree["g3"].name not in text and world.county_b.name not in text


def test_export_headers_and_labels_are_chinese_by_default(client, world, tree):
    """The default language is Chinese: headers and level labels come out in Chinese."""
    client.force_login(world.officer)
    headers, rows = read_xlsx(client.get("/orgs/", {"export": "xlsx", "level": "grassroots"}))
    assert headers[:4] == ["系统编号", "名称", "简称", "层级"]
    assert {row["层级"] for row in rows} == {"基层工会"}


def test_anonymous_cannot_export(client, world):
    response = client.get("/orgs/", {"export": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
