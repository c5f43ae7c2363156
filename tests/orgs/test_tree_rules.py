"""The tree rules (DESIGN.md "The tree"), tried through every door a user has: the HTML form, the API and
the spreadsheet import. A refused write must say what is wrong in Chinese and leave the database untouched."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from core.models import ImportJob
from core.testing import api_client as api
from core.testing import upload
from orgs.choices import Level, Status
from orgs.models import Organisation
from orgs.services import organisation_update
from orgs.treeops import tree_problems
from orgs.validators import credit_code_check_char
from tests.factories import grassroots, invalid_credit_code, valid_credit_code

ADD_URL = reverse("orgs:organisation_add")
API_LIST = reverse("api:organisation-list")
IMPORT_URL = reverse("orgs:organisation_import")


def edit_url(org):
    return reverse("orgs:organisation_edit", args=[org.pk])


def api_detail(org):
    return reverse("api:organisation-detail", args=[org.pk])


def snapshot():
    """Everything a tree write could change, so that a refused write can be shown to have written nothing."""
    return list(
        Organisation.objects.order_by("pk").values_list(
            "pk",
            "name",
            "level",
            "parent_id",
            "tree_id",
            "lft",
            "rght",
            "depth",
            "credit_code",
            "status",
            "province_id",
            "prefecture_id",
            "county_id",
            "township_id",
        )
    )


def history_count():
    return Organisation.history.count()


def form_errors(response):
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    assert form.errors, "the form came back without errors"
    return {field: " ".join(messages) for field, messages in form.errors.items()}


def assert_tree_ok(org):
    assert tree_problems() == []


def edit_data(org, **changes):
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "level": org.level,
        "parent": org.parent_id or "",
        "division_code": org.division_code,
        "credit_code": org.credit_code,
    }
    data.update(changes)
    return {key: ("" if value is None else value) for key, value in data.items()}


# --- wrong parent level ---------------------------------------------------------------------------------------
class TestWrongParentLevel:
    def test_form_refuses_county_under_province(self, client, world):
        client.force_login(world.admin)
        before, hist = snapshot(), history_count()
        response = client.post(ADD_URL, {"name": "错层区总工会", "level": Level.COUNTY, "parent": world.province.pk})
        errors = form_errors(response)
        assert "“测试省总工会”（省总工会）下不能设立区(市、县)总工会" in errors["parent"]
        assert "可设立：" in errors["parent"]
        body = response.content.decode()
        assert "下不能设立区(市、县)总工会" in body
        assert "请修改下面标出的问题后再保存" in body
        assert snapshot() == before and history_count() == hist

    def test_form_refuses_grassroots_moved_under_a_grassroots(self, client, world):
        a = grassroots(world.county_a, "甲公司工会")
        b = grassroots(world.county_a, "乙公司工会")
        client.force_login(world.officer)
        before = snapshot()
        response = client.post(edit_url(b), edit_data(b, parent=a.pk))
        # Grassroots unions are never offered as parents, so the form refuses the choice itself.
        assert "parent" in form_errors(response)
        assert snapshot() == before

    def test_form_refuses_level_change_that_strands_children(self, client, world):
        grassroots(world.township_a, "街道某公司工会")
        client.force_login(world.officer)
        before = snapshot()
        response = client.post(
            edit_url(world.township_a), edit_data(world.township_a, level=Level.GRASSROOTS, parent=world.county_a.pk)
        )
        errors = form_errors(response)
        assert "该组织已有下级“街道某公司工会”，不能改为基层工会" in errors["level"]
        assert snapshot() == before

    def test_api_refuses_county_under_province(self, world):
        before, hist = snapshot(), history_count()
        response = api(world.province_staff).post(
            API_LIST, {"name": "错层区总工会", "level": "county", "parent": world.province.pk}, format="json"
        )
        assert response.status_code == 400, response.content
        message = " ".join(response.json()["parent"])
        assert "下不能设立区(市、县)总工会" in message
        assert "可设立：" in message and "市(州)总工会" in message
        assert snapshot() == before and history_count() == hist

    def test_api_refuses_township_under_prefecture_on_move(self, world):
        before = snapshot()
        response = api(world.prefecture_officer).patch(
            api_detail(world.township_a), {"parent": world.prefecture_a.pk}, format="json"
        )
        assert response.status_code == 400, response.content
        assert "下不能设立乡镇(街道)、园区工会" in " ".join(response.json()["parent"])
        assert snapshot() == before

    def test_import_refuses_wrong_level_with_row_and_column(self, client, world):
        client.force_login(world.prefecture_officer)
        rows = [
            {"名称": "导入正常工会", "层级": "基层工会", "上级组织": world.county_a.division_code},
            {"名称": "导入错层县总工会", "层级": "区(市、县)总工会", "上级组织": world.county_a.division_code},
        ]
        before = snapshot()
        job = run_import(client, rows)
        assert job.state == ImportJob.State.INVALID
        messages = [(e["row"], e["column"], e["message"]) for e in job.errors]
        assert any(r == 3 and c == "上级组织" and "下不能设立区(市、县)总工会" in m for r, c, m in messages), messages
        assert snapshot() == before


# --- roots ----------------------------------------------------------------------------------------------------
class TestProvinceWithoutParent:
    def test_superuser_may_start_a_new_tree(self, client, world):
        client.force_login(world.admin)
        response = client.post(ADD_URL, {"name": "新测试省总工会", "level": Level.PROVINCE, "parent": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
        root = Organisation.objects.get(name="新测试省总工会")
        assert root.parent_id is None and root.is_root_node()
        assert root.tree_id != world.province.tree_id
        assert_tree_ok(root)
        assert root.history.first().history_user == world.admin

    @pytest.mark.parametrize("who", ["province_staff", "prefecture_officer", "officer"])
    def test_others_are_refused_and_nothing_is_written(self, client, world, who):
        client.force_login(getattr(world, who))
        before, hist = snapshot(), history_count()
        response = client.post(ADD_URL, {"name": "私设省总工会", "level": Level.PROVINCE, "parent": ""})
        errors = form_errors(response)
        assert "不在您的管理范围内" in errors["__all__"]
        assert snapshot() == before and history_count() == hist

    def test_non_province_needs_a_parent(self, client, world):
        client.force_login(world.admin)
        before = snapshot()
        errors = form_errors(client.post(ADD_URL, {"name": "无上级工会", "level": Level.GRASSROOTS, "parent": ""}))
        assert "“基层工会”必须有上级组织" in errors["parent"]
        assert snapshot() == before

    def test_api_superuser_yes_province_staff_no(self, world):
        before = snapshot()
        refused = api(world.province_staff).post(
            API_LIST, {"name": "私设省总工会", "level": "province", "parent": None}, format="json"
        )
        assert refused.status_code == 403, refused.content
        assert snapshot() == before
        created = api(world.admin).post(
            API_LIST, {"name": "接口新省总工会", "level": "province", "parent": None}, format="json"
        )
        assert created.status_code == 201, created.content
        assert created.json()["parent"] is None
        assert_tree_ok(Organisation.objects.get(pk=created.json()["id"]))


# --- cycles ---------------------------------------------------------------------------------------------------
class TestMoveUnderOwnDescendant:
    def test_api_refuses_move_under_descendant(self, world):
        before = snapshot()
        response = api(world.province_staff).patch(
            api_detail(world.prefecture_a), {"parent": world.county_a.pk}, format="json"
        )
        assert response.status_code == 400, response.content
        assert "不能把组织移到它自己或它的下级组织之下" in " ".join(response.json()["parent"])
        assert snapshot() == before
        assert_tree_ok(world.province)

    def test_api_refuses_move_under_itself(self, world):
        before = snapshot()
        response = api(world.admin).patch(api_detail(world.county_a), {"parent": world.county_a.pk}, format="json")
        assert response.status_code == 400, response.content
        assert "不能把组织移到它自己或它的下级组织之下" in " ".join(response.json()["parent"])
        assert snapshot() == before

    def test_form_does_not_offer_or_accept_descendants(self, client, world):
        client.force_login(world.province_staff)
        form = client.get(edit_url(world.prefecture_a)).context["form"]
        offered = set(form.fields["parent"].queryset.values_list("pk", flat=True))
        assert world.province.pk in offered
        assert not offered & {world.prefecture_a.pk, world.county_a.pk, world.township_a.pk}
        before = snapshot()
        response = client.post(edit_url(world.prefecture_a), edit_data(world.prefecture_a, parent=world.county_a.pk))
        assert "parent" in form_errors(response)
        assert snapshot() == before

    def test_import_refuses_move_under_descendant(self, client, world):
        client.force_login(world.province_staff)
        rows = [
            {
                "系统编号": world.county_a.pk,
                "名称": world.county_a.name,
                "层级": "county",
                "上级组织": "测试省总工会/甲市总工会/甲一区总工会/甲一街道工会",
            }
        ]
        before = snapshot()
        job = run_import(client, rows)
        assert job.state == ImportJob.State.INVALID
        assert any("不能把组织移到它自己或它的下级组织之下" in e["message"] for e in job.errors), job.errors
        assert snapshot() == before


# --- sibling names --------------------------------------------------------------------------------------------
class TestSiblingNames:
    def test_form_refuses_a_second_sibling_of_the_same_name(self, client, world):
        grassroots(world.county_a, "青海昆仑商贸有限公司工会委员会")
        client.force_login(world.officer)
        before = snapshot()
        response = client.post(
            ADD_URL,
            {"name": "  青海昆仑商贸有限公司工会委员会 ", "level": Level.GRASSROOTS, "parent": world.county_a.pk},
        )
        errors = form_errors(response)
        assert "同一上级组织下已有名为“青海昆仑商贸有限公司工会委员会”的组织" in errors["name"]
        assert snapshot() == before

    def test_same_name_under_another_parent_is_fine(self, client, world):
        grassroots(world.county_a, "青海昆仑商贸有限公司工会委员会")
        client.force_login(world.officer)
        response = client.post(
            ADD_URL,
            {"name": "青海昆仑商贸有限公司工会委员会", "level": Level.GRASSROOTS, "parent": world.township_a.pk},
        )
        assert response.status_code == 302
        assert Organisation.objects.filter(name="青海昆仑商贸有限公司工会委员会").count() == 2

    def test_form_refuses_rename_and_move_into_a_clash(self, client, world):
        grassroots(world.county_a, "甲公司工会")
        other = grassroots(world.county_a, "乙公司工会")
        same_name_below = grassroots(world.township_a, "甲公司工会")
        client.force_login(world.officer)
        before = snapshot()
        errors = form_errors(client.post(edit_url(other), edit_data(other, name="甲公司工会")))
        assert "同一上级组织下已有名为“甲公司工会”的组织" in errors["name"]
        errors = form_errors(
            client.post(edit_url(same_name_below), edit_data(same_name_below, parent=world.county_a.pk))
        )
        assert "同一上级组织下已有名为“甲公司工会”的组织" in errors["name"]
        assert snapshot() == before

    def test_api_refuses_sibling_clash(self, world):
        grassroots(world.county_a, "甲公司工会")
        before = snapshot()
        response = api(world.officer).post(
            API_LIST, {"name": "甲公司工会", "level": "grassroots", "parent": world.county_a.pk}, format="json"
        )
        assert response.status_code == 400, response.content
        assert "同一上级组织下已有名为“甲公司工会”的组织" in " ".join(response.json()["name"])
        assert snapshot() == before

    def test_import_reports_clash_with_existing_and_within_the_file(self, client, world):
        grassroots(world.county_a, "甲公司工会")
        client.force_login(world.officer)
        code = world.county_a.division_code
        rows = [
            {"名称": "甲公司工会", "层级": "基层工会", "上级组织": code},
            {"名称": "丙公司工会", "层级": "基层工会", "上级组织": code},
            {"名称": "丙公司工会", "层级": "基层工会", "上级组织": code},
        ]
        before = snapshot()
        job = run_import(client, rows)
        assert job.state == ImportJob.State.INVALID
        clash_rows = {e["row"] for e in job.errors if "同一上级组织下" in e["message"]}
        assert clash_rows == {2, 4}, job.errors
        assert snapshot() == before


# --- credit code ----------------------------------------------------------------------------------------------
class TestCreditCode:
    def test_form_refuses_wrong_check_character(self, client, world):
        bad = invalid_credit_code(7)
        client.force_login(world.officer)
        before = snapshot()
        response = client.post(
            ADD_URL,
            {"name": "校验位错误工会", "level": Level.GRASSROOTS, "parent": world.county_a.pk, "credit_code": bad},
        )
        errors = form_errors(response)
        expected = credit_code_check_char(bad[:17])
        assert f"统一社会信用代码校验位不正确，请核对（按 GB 32100 计算应为“{expected}”）" in errors["credit_code"]
        assert snapshot() == before

    @pytest.mark.parametrize(
        "code, message",
        [
            ("91630102MA7", "统一社会信用代码应为18位，当前为11位"),
            ("91630102MA7XXXXXI1", "不允许的字符"),
        ],
    )
    def test_form_refuses_wrong_shape(self, client, world, code, message):
        client.force_login(world.officer)
        response = client.post(
            ADD_URL,
            {"name": "代码错误工会", "level": Level.GRASSROOTS, "parent": world.county_a.pk, "credit_code": code},
        )
        assert message in form_errors(response)["credit_code"]
        assert not Organisation.objects.filter(name="代码错误工会").exists()

    def test_api_refuses_wrong_check_character_and_accepts_a_good_one(self, world):
        bad, good = invalid_credit_code(8), valid_credit_code(8, kind="81")
        client = api(world.officer)
        data = {"name": "接口信用代码工会", "level": "grassroots", "parent": world.county_a.pk}
        before = snapshot()
        response = client.post(API_LIST, {**data, "credit_code": bad}, format="json")
        assert response.status_code == 400, response.content
        assert "统一社会信用代码校验位不正确" in " ".join(response.json()["credit_code"])
        assert snapshot() == before
        response = client.post(API_LIST, {**data, "credit_code": good.lower()}, format="json")
        assert response.status_code == 201, response.content
        assert Organisation.objects.get(pk=response.json()["id"]).credit_code == good

    def test_api_refuses_a_credit_code_already_used(self, world):
        code = valid_credit_code(9, kind="81")
        grassroots(world.county_b, "乙县某公司工会", credit_code=code)
        response = api(world.officer).post(
            API_LIST,
            {"name": "重复代码工会", "level": "grassroots", "parent": world.county_a.pk, "credit_code": code},
            format="json",
        )
        assert response.status_code == 400, response.content
        # The model's message ("该统一社会信用代码已被其他组织使用。") or DRF's unique check; both name the field.
        message = " ".join(response.json()["credit_code"])
        assert "统一社会信用代码" in message and ("已被其他组织使用" in message or "已存在" in message)
        assert not Organisation.objects.filter(name="重复代码工会").exists()

    def test_import_reports_every_bad_code_with_row_and_column_and_writes_nothing(self, client, world):
        client.force_login(world.officer)
        code = world.county_a.division_code
        rows = [
            {"名称": "导入一工会", "层级": "基层工会", "上级组织": code, "统一社会信用代码": valid_credit_code(11)},
            {"名称": "导入二工会", "层级": "基层工会", "上级组织": code, "统一社会信用代码": invalid_credit_code(12)},
            {"名称": "导入三工会", "层级": "基层工会", "上级组织": code, "统一社会信用代码": ""},
            {"名称": "导入四工会", "层级": "基层工会", "上级组织": code, "统一社会信用代码": invalid_credit_code(14)},
        ]
        before = snapshot()
        job = run_import(client, rows)
        assert job.state == ImportJob.State.INVALID
        bad = [(e["row"], e["column"]) for e in job.errors if "校验位不正确" in e["message"]]
        assert bad == [(3, "统一社会信用代码"), (5, "统一社会信用代码")], job.errors
        assert snapshot() == before
        page = client.get(reverse("core:importjob_detail", args=[job.pk])).content.decode()
        assert "文件中的数据一条也没有写入" in page
        assert "统一社会信用代码校验位不正确" in page
        # Confirming an invalid job is refused; still nothing written.
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(reverse("core:importjob_detail", args=[job.pk]))
        assert snapshot() == before


# --- moves ----------------------------------------------------------------------------------------------------
class TestMoves:
    def test_form_move_works_and_is_in_history(self, client, world):
        union = grassroots(world.county_a, "搬家公司工会")
        client.force_login(world.officer)
        response = client.post(edit_url(union), edit_data(union, parent=world.township_a.pk))
        assert response.status_code == 302, form_errors(response)
        union.refresh_from_db()
        assert union.parent_id == world.township_a.pk
        assert union.is_descendant_of(Organisation.objects.get(pk=world.township_a.pk))
        assert_tree_ok(union)
        record = union.history.first()
        assert record.history_type == "~" and record.history_user == world.officer
        delta = record.diff_against(record.prev_record)
        assert [(c.field, c.old, c.new) for c in delta.changes] == [("parent", world.county_a.pk, world.township_a.pk)]
        page = client.get(reverse("orgs:organisation_history", args=[union.pk])).content.decode()
        assert "上级组织" in page and "officer" in page

    def test_api_moves_a_whole_subtree(self, world):
        below = grassroots(world.township_a, "街道下的公司工会")
        response = api(world.province_staff).patch(
            api_detail(world.county_a), {"parent": world.prefecture_b.pk}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["path"] == ["测试省总工会", "乙州总工会"]
        prefecture_b = Organisation.objects.get(pk=world.prefecture_b.pk)
        for node in (world.county_a, world.township_a, below):
            assert Organisation.objects.get(pk=node.pk).is_descendant_of(prefecture_b)
        assert_tree_ok(world.province)
        assert Organisation.objects.get(pk=world.county_a.pk).history.first().history_user == world.province_staff
        # The officer's scope followed the county: the subtree is still theirs.
        assert api(world.officer).get(api_detail(below)).status_code == 200

    def test_form_move_out_of_own_scope_is_refused(self, client, world):
        union = grassroots(world.county_a, "想搬走的公司工会")
        client.force_login(world.officer)
        form = client.get(edit_url(union)).context["form"]
        offered = set(form.fields["parent"].queryset.values_list("pk", flat=True))
        assert offered == {world.county_a.pk, world.township_a.pk}
        before, hist = snapshot(), history_count()
        response = client.post(edit_url(union), edit_data(union, parent=world.county_b.pk))
        assert "parent" in form_errors(response)
        assert snapshot() == before and history_count() == hist
        # The form comes back with the id typed in; it must not name the out-of-scope organisation.
        body = response.content.decode()
        assert world.county_b.name not in body and world.prefecture_b.name not in body

    def test_api_move_out_of_own_scope_is_refused_without_leaking(self, world):
        union = grassroots(world.county_a, "想搬走的公司工会")
        before = snapshot()
        response = api(world.officer).patch(api_detail(union), {"parent": world.county_b.pk}, format="json")
        assert response.status_code == 400, response.content
        assert "parent" in response.json()
        assert world.county_b.name not in response.content.decode()
        assert snapshot() == before

    def test_import_move_out_of_own_scope_is_refused(self, client, world):
        union = grassroots(world.county_a, "想搬走的公司工会")
        client.force_login(world.officer)
        rows = [
            {
                "系统编号": union.pk,
                "名称": union.name,
                "层级": "基层工会",
                "上级组织": "测试省总工会/乙州总工会/乙一县总工会",
            }
        ]
        before = snapshot()
        job = run_import(client, rows)
        assert job.state == ImportJob.State.INVALID
        assert any(e["column"] == "上级组织" and "不在您的管理范围内" in e["message"] for e in job.errors), job.errors
        assert snapshot() == before

    def test_service_rolls_back_a_move_that_leaves_the_write_scope(self, world):
        """Every door above refuses the out-of-scope parent first; the service's own re-check after saving
        is the last line, and it must undo the move completely."""
        union = grassroots(world.county_a, "想搬走的公司工会")
        before, hist = snapshot(), history_count()
        instance = Organisation.objects.get(pk=union.pk)
        instance.parent = Organisation.objects.get(pk=world.county_b.pk)
        with pytest.raises(PermissionDenied, match="不在您的管理范围内"):
            organisation_update(actor=world.officer, instance=instance)
        assert snapshot() == before and history_count() == hist
        assert Organisation.objects.get(pk=union.pk).parent_id == world.county_a.pk
        assert_tree_ok(union)

    def test_moving_onto_a_dissolved_parent_is_refused(self, world):
        union = grassroots(world.county_a, "公司工会")
        Organisation.objects.filter(pk=world.township_a.pk).update(
            status=Status.DISSOLVED, status_changed_on="2020-01-01"
        )
        response = api(world.admin).patch(api_detail(union), {"parent": world.township_a.pk}, format="json")
        assert response.status_code == 400, response.content
        assert "已撤销或合并，不能在其下设立组织" in " ".join(response.json()["parent"])
        assert Organisation.objects.get(pk=union.pk).parent_id == world.county_a.pk


def run_import(client, rows):
    """Upload rows to the organisation import (validation runs eagerly on commit); returns the job."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, IMPORT_URL, rows)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.order_by("-pk").first()


class TestParentPicker:
    def test_edit_page_names_the_current_parent(self, client, world):
        union = grassroots(world.county_a, "公司工会")
        client.force_login(world.officer)
        body = client.get(edit_url(union)).content.decode()
        # the box shows the parent's own name; its ancestors follow below, the whole path in the title
        assert 'value="甲一区总工会"' in body and 'title="测试省总工会 / 甲市总工会 / 甲一区总工会"' in body
        assert "<bdi>测试省总工会 / 甲市总工会</bdi>" in body

    def test_officer_edits_their_own_county_union(self, client, world):
        client.force_login(world.officer)
        response = client.post(edit_url(world.county_a), edit_data(world.county_a, address="城东区八一路1号"))
        assert response.status_code == 302, form_errors(response)
        county = Organisation.objects.get(pk=world.county_a.pk)
        assert county.address == "城东区八一路1号" and county.parent_id == world.prefecture_a.pk
