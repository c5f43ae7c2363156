"""The shell pages: home, global search, tree browser, statistics, the organisation page's breadcrumbs, and the
language switch. Each is read as the user sees it, and scope is checked by what never appears."""

import re

import pytest

from orgs.choices import Level, RoleKind, Status
from tests.factories import OrganisationFactory, UserFactory, user_with_role, valid_credit_code


@pytest.fixture
def unions(world):
    """Grassroots unions in county_a (one with a credit code) and in county_b (out of the officer's scope)."""
    return {
        "mine": OrganisationFactory(
            name="甲一机械厂工会", level=Level.GRASSROOTS, parent=world.county_a, credit_code=valid_credit_code(31)
        ),
        "mine_plain": OrganisationFactory(name="甲一小学工会", level=Level.GRASSROOTS, parent=world.township_a),
        "theirs": OrganisationFactory(
            name="乙一机械厂工会", level=Level.GRASSROOTS, parent=world.county_b, credit_code=valid_credit_code(32)
        ),
        "dissolved": OrganisationFactory(
            name="甲一旧厂工会",
            level=Level.GRASSROOTS,
            parent=world.county_a,
            status=Status.DISSOLVED,
            status_changed_on="2020-01-01",
        ),
    }


def body(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- home ----------------------------------------------------------------------------------------------------
def test_home_greets_the_user_with_their_organisation_and_role(client, world, unions):
    world.officer.first_name = "王芳"
    world.officer.save()
    client.force_login(world.officer)
    page = body(client.get("/"))
    assert "您好，王芳" in page
    assert world.county_a.name in page
    assert "区(市、县)总工会干部" in page
    assert f'href="/orgs/{world.county_a.pk}/"' in page
    # What is waiting: grassroots unions of their scope without a credit code (甲一小学工会).
    assert "基层工会缺少统一社会信用代码" in page
    assert re.search(r"基层工会缺少统一社会信用代码</a><span[^>]*>1</span>", page)


def test_home_of_a_user_with_several_roles_and_of_one_with_none(client, world):
    user = user_with_role("two_roles", RoleKind.VIEWER, world.county_a)
    from tests.factories import RoleFactory

    RoleFactory(user=user, organisation=world.county_b, kind=RoleKind.INSPECTOR)
    client.force_login(user)
    page = body(client.get("/"))
    assert world.county_a.name in page and world.county_b.name in page
    assert "只读用户" in page and "检查验收人员" in page
    client.force_login(UserFactory(username="nobody"))
    page = body(client.get("/"))
    assert "还没有分配所在组织和角色" in page
    client.force_login(world.admin)
    assert "系统管理员" in body(client.get("/"))


# --- search --------------------------------------------------------------------------------------------------
def test_search_by_name_stays_inside_the_read_scope(client, world, unions):
    client.force_login(world.officer)
    page = body(client.get("/search/", {"q": "机械厂"}))
    assert unions["mine"].name in page
    assert unions["theirs"].name not in page
    assert f'href="/orgs/{unions["mine"].pk}/"' in page
    page = body(client.get("/search/", {"q": "乙一"}))
    assert "乙一机械厂工会" not in page and "乙一县总工会" not in page
    assert "没有找到" in page


def test_search_by_credit_code_stays_inside_the_read_scope(client, world, unions):
    client.force_login(world.officer)
    page = body(client.get("/search/", {"q": unions["mine"].credit_code}))
    assert unions["mine"].name in page
    page = body(client.get("/search/", {"q": unions["theirs"].credit_code}))
    assert unions["theirs"].name not in page and "没有找到" in page
    # Part of a code also finds it (the first 12 characters are shared by both codes).
    page = body(client.get("/search/", {"q": unions["mine"].credit_code[:12].lower()}))
    assert unions["mine"].name in page and unions["theirs"].name not in page


def test_search_by_division_code_and_from_above(client, world, unions):
    client.force_login(world.prefecture_officer)
    page = body(client.get("/search/", {"q": world.county_a.division_code}))
    assert world.county_a.name in page
    page = body(client.get("/search/", {"q": "机械厂"}))
    assert unions["mine"].name in page and unions["theirs"].name not in page
    client.force_login(world.province_staff)
    page = body(client.get("/search/", {"q": "机械厂"}))
    assert unions["mine"].name in page and unions["theirs"].name in page


def test_search_page_without_a_query_and_anonymous(client, world):
    assert client.get("/search/", {"q": "工会"}).status_code == 302
    client.force_login(world.officer)
    page = body(client.get("/search/"))
    assert "没有找到" not in page


# --- tree browser -----------------------------------------------------------------------------------------------
def test_tree_starts_at_the_users_top_node(client, world, unions):
    client.force_login(world.officer)
    response = client.get("/orgs/tree/")
    page = body(response)
    assert [node.pk for node in response.context["nodes"]] == [world.county_a.pk]
    assert world.county_a.name in page
    assert f"?parent={world.county_a.pk}" in page
    for outside in (world.province.name, world.prefecture_a.name, world.county_b.name, unions["theirs"].name):
        assert outside not in page


def test_tree_children_load_on_demand_and_only_in_scope(client, world, unions):
    client.force_login(world.officer)
    page = body(client.get("/orgs/tree/", {"parent": world.county_a.pk}))
    for child in (world.township_a.name, unions["mine"].name, unions["dissolved"].name):
        assert child in page
    assert unions["mine_plain"].name not in page, "grandchildren load when their parent opens"
    assert "<html" not in page, "a fragment for htmx, not a whole page"
    page = body(client.get("/orgs/tree/", {"parent": world.township_a.pk}))
    assert unions["mine_plain"].name in page
    for outside in (world.county_b, world.prefecture_a, world.province, unions["theirs"]):
        assert client.get("/orgs/tree/", {"parent": outside.pk}).status_code == 404


def test_tree_with_bad_parent_value_is_not_found(client, world):
    client.force_login(world.officer)
    assert client.get("/orgs/tree/", {"parent": "abc"}).status_code == 404
    for value in ("999999", "²", "99999999999999999999999", "-1"):
        assert client.get("/orgs/tree/", {"parent": value}).status_code == 404, value


def test_tree_top_nodes_for_several_roles_and_for_the_superuser(client, world):
    client.force_login(world.prefecture_officer)
    response = client.get("/orgs/tree/")
    assert [node.pk for node in response.context["nodes"]] == [world.prefecture_a.pk]
    page = body(client.get("/orgs/tree/", {"parent": world.prefecture_a.pk}))
    assert world.county_a.name in page and world.county_b.name not in page
    # Roles in two places: both tops; a role inside another role's subtree adds no second top.
    user = user_with_role("two_places", RoleKind.VIEWER, world.county_a)
    from tests.factories import RoleFactory

    RoleFactory(user=user, organisation=world.county_b, kind=RoleKind.VIEWER)
    RoleFactory(user=user, organisation=world.township_a, kind=RoleKind.VIEWER)
    client.force_login(user)
    response = client.get("/orgs/tree/")
    assert [node.pk for node in response.context["nodes"]] == [world.county_a.pk, world.county_b.pk]
    client.force_login(world.admin)
    response = client.get("/orgs/tree/")
    assert [node.pk for node in response.context["nodes"]] == [world.province.pk]


# --- statistics ------------------------------------------------------------------------------------------------
def level_counts(response):
    return {row["level"]: (row["active"], row["inactive"]) for row in response.context["rows"]}


def test_stats_count_only_inside_the_scope(client, world, unions):
    client.force_login(world.officer)
    response = client.get("/orgs/stats/")
    page = body(response)
    counts = level_counts(response)
    assert counts[Level.PROVINCE] == (0, 0)
    assert counts[Level.PREFECTURE] == (0, 0)
    assert counts[Level.COUNTY] == (1, 0)
    assert counts[Level.TOWNSHIP] == (1, 0)
    assert counts[Level.GRASSROOTS] == (2, 1)  # 机械厂 and 小学 active; 旧厂 dissolved; 乙一 not counted
    assert (response.context["total_active"], response.context["total_inactive"]) == (4, 1)
    assert "组织统计" in page
    assert world.county_b.name not in page
    client.force_login(world.province_staff)
    counts = level_counts(client.get("/orgs/stats/"))
    assert counts[Level.GRASSROOTS] == (3, 1)
    assert counts[Level.COUNTY] == (2, 0)
    assert counts[Level.PROVINCE] == (1, 0)


def test_stats_of_one_subtree(client, world, unions):
    client.force_login(world.prefecture_officer)
    response = client.get("/orgs/stats/", {"within": world.township_a.pk})
    page = body(response)
    assert f"组织统计：{world.township_a.name}" in page
    counts = level_counts(response)
    assert counts[Level.TOWNSHIP] == (1, 0) and counts[Level.GRASSROOTS] == (1, 0)
    assert counts[Level.COUNTY] == (0, 0)


def test_stats_of_an_out_of_scope_subtree_tell_nothing(client, world, unions):
    client.force_login(world.officer)
    own = level_counts(client.get("/orgs/stats/"))
    response = client.get("/orgs/stats/", {"within": world.county_b.pk})
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        page = response.content.decode()
        assert world.county_b.name not in page
        assert level_counts(response) == own  # the user's own figures, not county_b's


# --- the organisation page ------------------------------------------------------------------------------------
def breadcrumb(page):
    match = re.search(r'<nav aria-label="breadcrumb">(.*?)</nav>', page, re.S)
    assert match, "no breadcrumb"
    return re.findall(r'<li class="breadcrumb-item[^"]*"[^>]*>(?:<a href="([^"]*)">)?([^<]+)', match.group(1))


def test_detail_page_shows_the_breadcrumb_path(client, world, unions):
    client.force_login(world.prefecture_officer)
    page = body(client.get(f"/orgs/{unions['mine_plain'].pk}/"))
    crumbs = breadcrumb(page)
    assert [text.strip() for _href, text in crumbs] == [
        "首页",
        world.province.name,
        world.prefecture_a.name,
        world.county_a.name,
        world.township_a.name,
        unions["mine_plain"].name,
    ]
    assert crumbs[-2][0] == f"/orgs/{world.township_a.pk}/"
    assert crumbs[-1][0] == "", "the current page is not a link"
    assert "基本信息" in page and "下级组织" in page


def test_detail_page_out_of_scope_is_not_found(client, world, unions):
    client.force_login(world.officer)
    assert client.get(f"/orgs/{unions['mine'].pk}/").status_code == 200
    assert client.get(f"/orgs/{unions['theirs'].pk}/").status_code == 404
    assert client.get(f"/orgs/{world.prefecture_a.pk}/").status_code == 404


# --- language -------------------------------------------------------------------------------------------------
def html_lang(page):
    match = re.search(r'<html lang="([^"]+)"', page)
    assert match
    return match.group(1)


def test_chinese_by_default_and_english_on_request(client, world):
    client.force_login(world.officer)
    page = body(client.get("/"))
    assert html_lang(page) == "zh-hans"
    assert "待办事项" in page and "组织统计" in page
    assert 'value="en"' in page and "English" in page  # the switch
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/orgs/tree/"})
    assert response.status_code == 302 and response["Location"] == "/orgs/tree/"
    page = body(client.get("/orgs/tree/"))
    assert html_lang(page) == "en"
    assert 'value="zh-hans"' in page and "简体中文" in page  # the way back
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert html_lang(body(client.get("/"))) == "zh-hans"


def test_login_page_language(client, db):
    page = body(client.get("/accounts/login/"))
    assert html_lang(page) == "zh-hans" and "用户名" in page and "密码" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = body(client.get("/accounts/login/"))
    assert html_lang(page) == "en" and "Username" in page and "Password" in page
