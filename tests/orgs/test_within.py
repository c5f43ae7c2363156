"""The split tree: one `within`, scope on the ancestor columns, the columns kept through moves and level changes,
check_tree finding and repairing them, and the migration that converts a province-wide tree."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.scope import role_nodes, subtree_q
from orgs.choices import Level, RoleKind
from orgs.models import Organisation, Role
from orgs.services import organisation_update
from orgs.treeops import tree_problems
from tests.factories import OrganisationFactory, grassroots, user_with_role


def by_links(node, strict=False):
    """The subtree of `node` by walking parent links: the truth every subtree test must agree with."""
    found, frontier = set(), {node.pk}
    while frontier:
        frontier = set(Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        found |= frontier
    return found if strict else found | {node.pk}


@pytest.fixture
def wide(world):
    """The world with a union at every kind of place, and an industry union with a member."""
    industry = OrganisationFactory(name="省产业工会", level=Level.INDUSTRY, parent=world.province)
    pref_industry = OrganisationFactory(name="甲市产业工会", level=Level.INDUSTRY, parent=world.prefecture_a)
    unions = {
        "township": grassroots(world.township_a, "街道公司工会"),
        "county": grassroots(world.county_a, "区直公司工会"),
        "prefecture": grassroots(world.prefecture_a, "市直公司工会"),
        "other_county": grassroots(world.county_b, "乙县公司工会"),
        "industry": grassroots(industry, "产业公司工会"),
        "pref_industry": grassroots(pref_industry, "市产业公司工会"),
    }
    return world, industry, pref_industry, unions


def every_node():
    return list(Organisation.objects.all())


class TestWithin:
    def test_within_matches_the_parent_links_at_every_level(self, wide):
        for node in every_node():
            for strict in (False, True):
                got = set(Organisation.objects.within(node, strict=strict).values_list("pk", flat=True))
                assert got == by_links(node, strict), (node.name, node.level, strict)
                # Plain ids (level unknown) give the same rows.
                ids_q = subtree_q("", [node.pk], strict=strict)
                assert set(Organisation.objects.filter(ids_q).values_list("pk", flat=True)) == got, node.name

    def test_helpers_follow_the_real_hierarchy_across_the_small_trees(self, wide):
        world, industry, _pref_industry, unions = wide
        union = Organisation.objects.get(pk=unions["township"].pk)
        chain = list(union.get_ancestors().values_list("name", flat=True))
        assert chain == ["测试省总工会", "甲市总工会", "甲一区总工会", "甲一街道工会"]
        assert list(union.get_ancestors(ascending=True).values_list("name", flat=True)) == chain[::-1]
        province = Organisation.objects.get(pk=world.province.pk)
        assert union.is_descendant_of(province) and province.is_ancestor_of(union)
        assert not union.is_descendant_of(Organisation.objects.get(pk=world.county_b.pk))
        assert set(province.get_descendants().values_list("pk", flat=True)) == by_links(province, strict=True)
        assert province.subtree_size() == Organisation.objects.count() - 1
        assert set(province.get_children().values_list("pk", flat=True)) == {
            world.prefecture_a.pk,
            world.prefecture_b.pk,
            industry.pk,
        }
        # Each organisation that holds others roots its own small MPTT tree; grassroots unions are its leaves.
        county = Organisation.objects.get(pk=world.county_a.pk)
        assert county.tree_parent_id is None and county.tree_id != province.tree_id
        assert (union.tree_parent_id, union.tree_id) == (world.township_a.pk, world.township_a.tree_id)

    def test_scope_at_each_level_is_the_subtree_and_filters_on_its_column(self, wide):
        world, industry, _pref_industry, unions = wide
        places = {
            "province": (world.province, "province_id"),
            "prefecture": (world.prefecture_a, "prefecture_id"),
            "county": (world.county_a, "county_id"),
            "township": (world.township_a, "township_id"),
            "industry": (industry, "parent_id"),
            "grassroots": (unions["county"], '"orgs_organisation"."id" IN'),
        }
        for name, (place, column) in places.items():
            user = user_with_role(f"u_{name}", RoleKind.COUNTY_OFFICER, place)
            visible = Organisation.objects.restrict(user)
            assert set(visible.values_list("pk", flat=True)) == by_links(place), name
            where = str(visible.query).split(" WHERE ")[1].split(" ORDER BY ")[0]
            assert column in where and "lft" not in where, (name, where)
            assert {node.pk for node in role_nodes(user, "view")} == {place.pk}

    def test_a_role_below_another_is_strictly_below_it(self, wide):
        world, *_ = wide
        user = user_with_role("both", RoleKind.COUNTY_OFFICER, world.county_a)
        Role.objects.create(user=user, organisation=world.township_a, kind=RoleKind.COUNTY_OFFICER)
        below = set(
            Organisation.objects.filter(subtree_q("", role_nodes(user, "change"), strict=True)).values_list(
                "pk", flat=True
            )
        )
        # The township is strictly below the county role, so it counts; the county itself does not.
        assert world.township_a.pk in below and world.county_a.pk not in below


class TestColumnsFollowWrites:
    def test_a_county_move_carries_its_subtree(self, wide):
        world, _industry, _pref, unions = wide
        county = Organisation.objects.get(pk=world.county_a.pk)
        county.parent_id = world.prefecture_b.pk
        organisation_update(actor=world.admin, instance=county)
        for key in ("township", "county"):
            union = Organisation.objects.get(pk=unions[key].pk)
            assert (union.province_id, union.prefecture_id, union.county_id) == (
                world.province.pk,
                world.prefecture_b.pk,
                world.county_a.pk,
            )
        assert Organisation.objects.get(pk=world.township_a.pk).prefecture_id == world.prefecture_b.pk
        assert tree_problems() == []

    def test_a_union_moved_between_counties_changes_tree(self, wide):
        world, _industry, _pref, unions = wide
        union = Organisation.objects.get(pk=unions["township"].pk)
        union.parent_id = world.county_b.pk
        organisation_update(actor=world.admin, instance=union)
        union = Organisation.objects.get(pk=union.pk)
        assert (union.prefecture_id, union.county_id, union.township_id) == (
            world.prefecture_b.pk,
            world.county_b.pk,
            None,
        )
        assert union.tree_id == world.county_b.tree_id
        assert tree_problems() == []

    def test_a_change_of_level_moves_the_members_columns(self, wide):
        world, _industry, pref_industry, unions = wide
        node = Organisation.objects.get(pk=pref_industry.pk)
        node.level = Level.COUNTY  # a prefecture may hold counties, and a county grassroots unions
        organisation_update(actor=world.admin, instance=node)
        member = Organisation.objects.get(pk=unions["pref_industry"].pk)
        assert member.county_id == pref_industry.pk and member.prefecture_id == world.prefecture_a.pk
        assert tree_problems() == []


class TestCheckTreeColumns:
    def test_broken_ancestor_columns_are_found_and_repaired(self, wide):
        world, _industry, _pref, unions = wide
        # As a writer that skipped the services would leave them.
        Organisation.objects.filter(pk=unions["township"].pk).update(county_id=world.county_b.pk)
        Organisation.objects.filter(pk=world.township_a.pk).update(prefecture_id=None)
        problems = tree_problems()
        assert any(f"node {unions['township'].pk}" in p and "county" in p for p in problems), problems
        assert any(f"node {world.township_a.pk}" in p and "prefecture" in p for p in problems), problems
        with pytest.raises(CommandError, match="run with --rebuild"):
            call_command("check_tree", stdout=io.StringIO())
        out = io.StringIO()
        call_command("check_tree", "--rebuild", stdout=out)
        assert "repaired 2 row(s)" in out.getvalue() and "OK" in out.getvalue()
        assert tree_problems() == []
        assert Organisation.objects.get(pk=unions["township"].pk).county_id == world.county_a.pk

    def test_a_grassroots_union_outside_its_parents_tree_is_found(self, wide):
        world, _industry, _pref, unions = wide
        Organisation.objects.filter(pk=unions["county"].pk).update(tree_id=world.township_a.tree_id)
        assert tree_problems()
        call_command("check_tree", "--rebuild", stdout=io.StringIO())
        assert tree_problems() == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_splits_a_province_wide_tree():
    """An existing database (one MPTT tree for the province) is converted: same rows, same parents, small trees
    in the old order, ancestor columns filled."""
    from django.db.migrations.executor import MigrationExecutor

    from core import changes

    changes.uninstall()  # as migrate's own signal does: SQLite rebuilds the table the triggers name
    executor = MigrationExecutor(connection)
    executor.migrate([("orgs", "0001_initial")])
    old = executor.loader.project_state([("orgs", "0001_initial")]).apps.get_model("orgs", "Organisation")

    def make(name, level, parent, lft, rght, depth):
        return old.objects.create(name=name, level=level, parent=parent, tree_id=1, lft=lft, rght=rght, depth=depth)

    province = make("省总工会", "province", None, 1, 14, 0)
    prefecture = make("市总工会", "prefecture", province, 2, 13, 1)
    county = make("区总工会", "county", prefecture, 3, 10, 2)
    township = make("街道工会", "township", county, 4, 7, 3)
    make("甲公司工会", "grassroots", township, 5, 6, 4)
    make("乙公司工会", "grassroots", county, 8, 9, 3)
    make("市直工会", "grassroots", prefecture, 11, 12, 2)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    changes.install()
    assert tree_problems() == []
    rows = {o.name: o for o in Organisation.objects.all()}
    assert rows["甲公司工会"].township_id == township.pk and rows["甲公司工会"].province_id == province.pk
    assert rows["乙公司工会"].county_id == county.pk and rows["乙公司工会"].tree_id == rows["区总工会"].tree_id
    assert rows["市直工会"].prefecture_id == prefecture.pk and rows["市直工会"].county_id is None
    # The holders' new trees keep the old tree order.
    order = list(
        Organisation.objects.exclude(level=Level.GRASSROOTS).order_by("tree_id").values_list("name", flat=True)
    )
    assert order == ["省总工会", "市总工会", "区总工会", "街道工会"]
