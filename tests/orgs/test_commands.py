"""The management commands: check_tree (and --rebuild), seed_demo, seed_scale."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from orgs.choices import Level, RoleKind
from orgs.demo import DEMO_PASSWORD, PROVINCE_UNION
from orgs.models import Organisation, Role
from orgs.treeops import tree_problems
from tests.factories import grassroots


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def level_counts(root=None):
    queryset = Organisation.objects.all()
    if root is not None:
        queryset = queryset.within(root)
    return {level: queryset.filter(level=level).count() for level in Level.values}


def tree_state():
    return list(
        Organisation.objects.order_by("pk").values_list("pk", "name", "parent_id", "tree_id", "lft", "rght", "depth")
    )


class TestCheckTree:
    def test_healthy_tree_is_ok(self, world):
        grassroots(world.township_a, "公司工会")
        out = run("check_tree")
        trees = Organisation.objects.exclude(level=Level.GRASSROOTS).count()
        assert f"{Organisation.objects.count()} organisation(s) in {trees} tree(s): OK" in out

    def test_missing_change_stamp_triggers_are_found_and_reinstalled(self, world):
        from django.db import connection

        from activities.models import Activity
        from core import changes
        from tests.activities.factories import ActivityFactory

        with connection.cursor() as cursor:  # as a migration that rebuilt the table would leave it
            for statement in changes.trigger_sql(Activity):
                if statement.startswith("DROP TRIGGER"):
                    cursor.execute(statement)
        with pytest.raises(CommandError, match="has problems"):
            run("check_tree")
        assert changes.missing() == ["activities_activity"]
        assert "OK" in run("check_tree", "--rebuild") and changes.missing() == []
        union = grassroots(world.township_a, "触发器工会")
        from core.models import ChangeStamp

        before = ChangeStamp.objects.filter(area=world.county_a.pk).count()
        ActivityFactory(organisation=union)
        assert ChangeStamp.objects.filter(area=world.county_a.pk).count() == before + 1

    def test_corrupt_numbers_are_found_and_rebuilt(self, world):
        union = grassroots(world.township_a, "公司工会")
        grassroots(world.county_b, "乙县公司工会")
        parents = dict(Organisation.objects.values_list("pk", "parent_id"))
        # A raw update, as a crashed writer without the lock would leave it.
        Organisation.objects.filter(pk=world.township_a.pk).update(rght=2)
        Organisation.objects.filter(pk=union.pk).update(lft=900, rght=901)
        with pytest.raises(CommandError, match="has problems; run with --rebuild"):
            run("check_tree")
        assert tree_problems()
        out = run("check_tree", "--rebuild")
        assert "repaired 2 row(s)" in out and "OK" in out
        assert tree_problems() == []
        assert "OK" in run("check_tree")
        # Rebuilding follows the parent links: nobody moved, and subtree queries are right again.
        assert dict(Organisation.objects.values_list("pk", "parent_id")) == parents
        county_a = Organisation.objects.get(pk=world.county_a.pk)
        below = set(county_a.get_descendants().values_list("pk", flat=True))
        assert below == {world.township_a.pk, union.pk}

    def test_wrong_level_is_reported_even_after_rebuild(self, world):
        union = grassroots(world.county_a, "公司工会")
        Organisation.objects.filter(pk=union.pk).update(level=Level.PREFECTURE)
        with pytest.raises(CommandError):
            run("check_tree", "--rebuild")

    def test_every_tree_is_checked(self, world):
        other = Organisation.objects.create(name="另一省总工会", level=Level.PROVINCE)
        Organisation.objects.filter(pk=other.pk).update(rght=7)
        with pytest.raises(CommandError, match="has problems"):
            run("check_tree")
        out = run("check_tree", "--rebuild")
        assert "repaired 1 row(s)" in out and "OK" in out


@pytest.fixture
def demo(db):
    run("seed_demo", "--grassroots", "50")
    return Organisation.objects.get(parent=None, name=PROVINCE_UNION)


# Seeding takes a few seconds, so each test below checks several things of one seeded database.
class TestSeedDemo:
    def test_builds_the_qinghai_tree_and_the_demo_users(self, demo, client):
        assert level_counts(demo) == {
            "province": 1,
            "prefecture": 8,
            "county": 45,
            "township": 422,
            "grassroots": 50,
            "industry": 5,
            "direct": 3,
        }
        prefectures = set(demo.get_children().filter(level=Level.PREFECTURE).values_list("name", flat=True))
        assert prefectures == {
            "西宁市总工会", "海东市总工会", "海北藏族自治州总工会", "黄南藏族自治州总工会",
            "海南藏族自治州总工会", "果洛藏族自治州总工会", "玉树藏族自治州总工会", "海西蒙古族藏族自治州总工会",
        }  # fmt: skip
        chengdong = Organisation.objects.get(division_code="630102000000")
        assert chengdong.name == "城东区总工会" and chengdong.parent.name == "西宁市总工会"
        assert tree_problems() == []
        assert "OK" in run("check_tree")
        # Generated unions pass the model's own rules and hang under a county or a township.
        for union in Organisation.objects.filter(level=Level.GRASSROOTS).select_related("parent"):
            union.full_clean()
            assert union.parent.level in (Level.COUNTY, Level.TOWNSHIP)
        # The seeded tree has its creation history.
        assert Organisation.history.filter(history_type="+").count() == Organisation.objects.count()

        # The five demo users, their roles, and the documented password at the login page.
        User = get_user_model()
        assert User.objects.get(username="admin").is_superuser
        roles = {
            (r.user.username, r.kind, r.organisation.name)
            for r in Role.objects.select_related("user", "organisation").filter(
                user__username__in=["sheng", "xining", "chengdong", "jiancha"]
            )
        }
        assert roles == {
            ("sheng", RoleKind.PROVINCE_STAFF, "青海省总工会"),
            ("xining", RoleKind.PREFECTURE_OFFICER, "西宁市总工会"),
            ("chengdong", RoleKind.COUNTY_OFFICER, "城东区总工会"),
            ("jiancha", RoleKind.INSPECTOR, "西宁市总工会"),
        }
        for username in ("admin", "sheng", "xining", "chengdong", "jiancha"):
            response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
            assert response.status_code == 302, (username, response.content.decode()[:500])
            assert response["Location"] == reverse("home")
            client.post(reverse("logout"))

        # chengdong works inside 城东区 only.
        client.post(reverse("login"), {"username": "chengdong", "password": DEMO_PASSWORD})
        assert client.get(chengdong.get_absolute_url()).status_code == 200
        assert client.get(chengdong.parent.get_absolute_url()).status_code == 404

    def test_idempotent_then_scaled(self, demo):
        User = get_user_model()

        def state():
            return (
                tree_state(),
                list(User.objects.order_by("pk").values_list("pk", "username", "password")),
                list(Role.objects.order_by("pk").values_list("pk", "user_id", "organisation_id", "kind")),
                Organisation.history.count(),
            )

        before = state()
        out = run("seed_demo", "--grassroots", "50")
        assert "行政层级工会：新建 0 个" in out and "新建 0 个" in out.split("基层工会：")[1]
        assert state() == before
        assert "跳过" in run("seed_demo", "--grassroots", "80", "--if-empty")
        assert state() == before

        out = run("seed_scale", "--grassroots", "200")
        assert "新增基层工会 200 个" in out and "树校验通过" in out
        counts = level_counts(demo)
        assert counts["grassroots"] == 250
        assert counts["township"] == 422 and counts["county"] == 45 and counts["prefecture"] == 8
        assert tree_problems() == []
        assert "OK" in run("check_tree")
        names = Organisation.objects.filter(level=Level.GRASSROOTS).values_list("parent_id", "name")
        assert len(set(names)) == 250  # unique among siblings


def test_scale_on_an_empty_database_builds_the_tree_first(db):
    out = run("seed_scale", "--grassroots", "200")
    assert "树校验通过" in out
    root = Organisation.objects.get(parent=None)
    counts = level_counts(root)
    assert counts["grassroots"] == 200 and counts["township"] == 422
    assert tree_problems() == []


def test_scale_with_records_fills_every_app_in_the_demos_proportions(db):
    from homes.models import WorkersHome
    from stations.models import ServiceStation
    from unions.models import Registration

    out = run("seed_scale", "--grassroots", "120", "--records")
    assert "业务记录填充完成" in out
    unions = Organisation.objects.filter(level=Level.GRASSROOTS).count()
    # seed_demo registers about nine in ten unions; the same filler runs here.
    assert 0.75 * unions <= Registration.objects.count() <= unions
    assert ServiceStation.objects.exists() and WorkersHome.objects.exists()
    assert tree_problems() == []
