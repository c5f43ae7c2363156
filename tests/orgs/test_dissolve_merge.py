"""Dissolving (撤销) and merging (合并) instead of deleting, through the HTML page and the API."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.testing import api_client as api
from orgs.choices import Status
from orgs.models import Organisation
from orgs.treeops import tree_problems
from tests.factories import grassroots

ON = datetime.date(2024, 5, 1)


def dissolve_url(org):
    return reverse("orgs:organisation_dissolve", args=[org.pk])


def api_dissolve(org):
    return reverse("api:organisation-dissolve", args=[org.pk])


def fresh(org):
    return Organisation.objects.get(pk=org.pk)


def page_errors(response):
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    return {field: " ".join(messages) for field, messages in form.errors.items()}


class TestDissolvePage:
    def test_refused_while_active_children_exist(self, client, world):
        client.force_login(world.prefecture_officer)
        response = client.post(dissolve_url(world.county_a), {"action": "dissolve", "on": ON.isoformat()})
        errors = page_errors(response)
        assert "“甲一区总工会”还有正常状态的下级组织（甲一街道工会 等）" in errors["__all__"]
        assert "请先撤销、合并或转移它们" in response.content.decode()
        assert fresh(world.county_a).status == Status.ACTIVE

    def test_dissolve_sets_status_and_date_and_keeps_the_record(self, client, world):
        union = grassroots(world.county_a, "关停公司工会")
        client.force_login(world.officer)
        assert client.get(dissolve_url(union)).status_code == 200
        response = client.post(dissolve_url(union), {"action": "dissolve", "on": ON.isoformat()})
        assert response.status_code == 302
        assert response["Location"] == union.get_absolute_url()
        union = fresh(union)
        assert union.status == Status.DISSOLVED and union.status_changed_on == ON
        record = union.history.first()
        assert record.history_type == "~" and record.history_user == world.officer
        # Still readable, still in the list (with its status), still in a healthy tree.
        assert client.get(union.get_absolute_url()).status_code == 200
        listing = client.get(reverse("orgs:organisation_list"), {"status": "dissolved"}).content.decode()
        assert "关停公司工会" in listing
        assert tree_problems() == []

    def test_children_first_then_the_parent(self, client, world):
        union = grassroots(world.township_a, "街道公司工会")
        client.force_login(world.officer)
        for org in (union, world.township_a):
            assert client.post(dissolve_url(org), {"action": "dissolve", "on": ON.isoformat()}).status_code == 302
        assert fresh(world.township_a).status == Status.DISSOLVED
        # A dissolved organisation takes no new children.
        response = client.post(
            reverse("orgs:organisation_add"),
            {"name": "新公司工会", "level": "grassroots", "parent": world.township_a.pk},
        )
        assert "parent" in page_errors(response)

    def test_date_may_not_lie_in_the_future(self, client, world):
        union = grassroots(world.county_a, "公司工会")
        client.force_login(world.officer)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        errors = page_errors(client.post(dissolve_url(union), {"action": "dissolve", "on": tomorrow.isoformat()}))
        assert "撤销/合并日期不能晚于今天" in " ".join(errors.values())
        assert fresh(union).status == Status.ACTIVE

    def test_dissolving_twice_is_refused(self, client, world):
        union = grassroots(world.county_a, "公司工会")
        client.force_login(world.officer)
        client.post(dissolve_url(union), {"action": "dissolve", "on": ON.isoformat()})
        errors = page_errors(client.post(dissolve_url(union), {"action": "dissolve", "on": "2024-06-01"}))
        assert "该组织已撤销或合并" in errors["__all__"]
        assert fresh(union).status_changed_on == ON

    def test_an_officer_cannot_dissolve_the_union_their_own_role_stands_on(self, client, world):
        """The union a role stands on is closed by the level above, never by its own officers."""
        Organisation.objects.filter(pk=world.township_a.pk).update(status=Status.DISSOLVED, status_changed_on=ON)
        client.force_login(world.officer)
        assert client.get(dissolve_url(world.county_a)).status_code == 403
        response = client.post(dissolve_url(world.county_a), {"action": "dissolve", "on": ON.isoformat()})
        assert response.status_code == 403
        assert "不能撤销或合并您本人所在的组织" in response.content.decode()
        assert "撤销/合并" not in client.get(world.county_a.get_absolute_url()).content.decode()
        assert fresh(world.county_a).status == Status.ACTIVE
        # The prefecture above may.
        client.force_login(world.prefecture_officer)
        response = client.post(dissolve_url(world.county_a), {"action": "dissolve", "on": ON.isoformat()})
        assert response.status_code == 302
        assert fresh(world.county_a).status == Status.DISSOLVED

    def test_read_roles_and_outsiders(self, client, world):
        union = grassroots(world.county_a, "公司工会")
        for user, status in ((world.viewer, 403), (world.inspector, 403), (world.outsider, 404)):
            client.force_login(user)
            assert client.get(dissolve_url(union)).status_code == status
            response = client.post(dissolve_url(union), {"action": "dissolve", "on": ON.isoformat()})
            assert response.status_code == status
        assert fresh(union).status == Status.ACTIVE


class TestMergePage:
    def test_merge_into_a_sibling_of_the_same_level(self, client, world):
        old = grassroots(world.county_a, "旧公司工会")
        new = grassroots(world.county_a, "新公司工会")
        client.force_login(world.officer)
        form = client.get(dissolve_url(old)).context["form"]
        assert list(form.fields["into"].queryset) == [new]
        response = client.post(dissolve_url(old), {"action": "merge", "on": ON.isoformat(), "into": new.pk})
        assert response.status_code == 302
        old = fresh(old)
        assert old.status == Status.MERGED and old.merged_into_id == new.pk and old.status_changed_on == ON
        assert list(fresh(new).merged_from.all()) == [old]

    def test_merge_needs_a_target_of_the_same_level(self, client, world):
        union = grassroots(world.county_a, "公司工会")
        client.force_login(world.officer)
        errors = page_errors(client.post(dissolve_url(union), {"action": "merge", "on": ON.isoformat()}))
        assert "合并时须选择并入组织" in errors["into"]
        errors = page_errors(
            client.post(dissolve_url(union), {"action": "merge", "on": ON.isoformat(), "into": world.township_a.pk})
        )
        assert "into" in errors
        assert fresh(union).status == Status.ACTIVE


class TestDissolveApi:
    def test_refused_while_active_children_exist(self, world):
        response = api(world.prefecture_officer).post(api_dissolve(world.county_a), {}, format="json")
        assert response.status_code == 400, response.content
        assert "还有正常状态的下级组织" in str(response.json())
        assert fresh(world.county_a).status == Status.ACTIVE

    def test_dissolve_defaults_to_today(self, world):
        union = grassroots(world.county_a, "公司工会")
        response = api(world.officer).post(api_dissolve(union), {}, format="json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "dissolved"
        assert body["status_changed_on"] == timezone.localdate().isoformat()
        assert fresh(union).history.first().history_user == world.officer

    def test_dissolve_on_a_date(self, world):
        union = grassroots(world.county_a, "公司工会")
        response = api(world.officer).post(api_dissolve(union), {"on": "2023-12-31"}, format="json")
        assert response.status_code == 200, response.content
        assert fresh(union).status_changed_on == datetime.date(2023, 12, 31)

    def test_merge_same_level(self, world):
        old = grassroots(world.county_a, "旧公司工会")
        new = grassroots(world.township_a, "新公司工会")
        response = api(world.officer).post(api_dissolve(old), {"merged_into": new.pk}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "merged" and response.json()["merged_into"] == new.pk

    def test_merge_refuses_another_level(self, world):
        union = grassroots(world.county_a, "公司工会")
        response = api(world.officer).post(api_dissolve(union), {"merged_into": world.township_a.pk}, format="json")
        assert response.status_code == 400, response.content
        assert "只能并入同一层级的组织" in " ".join(response.json()["merged_into"])
        assert fresh(union).status == Status.ACTIVE

    def test_merge_into_itself_or_an_inactive_union_is_refused(self, world):
        union = grassroots(world.county_a, "公司工会")
        gone = grassroots(world.county_a, "已撤销公司工会", status=Status.DISSOLVED, status_changed_on=ON)
        for target in (union, gone):
            response = api(world.officer).post(api_dissolve(union), {"merged_into": target.pk}, format="json")
            assert response.status_code == 400, response.content
        assert fresh(union).status == Status.ACTIVE

    def test_merge_into_an_out_of_scope_union_leaks_nothing(self, world):
        union = grassroots(world.county_a, "公司工会")
        theirs = grassroots(world.county_b, "乙县保密公司工会")
        response = api(world.officer).post(api_dissolve(union), {"merged_into": theirs.pk}, format="json")
        assert response.status_code == 400, response.content
        assert "乙县保密公司工会" not in response.content.decode()
        assert fresh(union).status == Status.ACTIVE

    def test_scope_of_the_action(self, world):
        union = grassroots(world.county_a, "公司工会")
        assert api(world.outsider).post(api_dissolve(union), {}, format="json").status_code == 404
        assert api(world.viewer).post(api_dissolve(union), {}, format="json").status_code == 403
        assert api().post(api_dissolve(union), {}, format="json").status_code in (401, 403)
        assert fresh(union).status == Status.ACTIVE


class TestNothingIsDeleted:
    @pytest.mark.parametrize("who", ["officer", "admin"])
    def test_api_delete_is_not_allowed(self, world, who):
        union = grassroots(world.county_a, "公司工会")
        before = Organisation.objects.count()
        response = api(getattr(world, who)).delete(reverse("api:organisation-detail", args=[union.pk]))
        assert response.status_code == 405
        assert Organisation.objects.count() == before

    def test_no_delete_page(self, client, world):
        union = grassroots(world.county_a, "公司工会")
        client.force_login(world.admin)
        assert client.post(f"/orgs/{union.pk}/delete/").status_code == 404
        assert Organisation.objects.filter(pk=union.pk).exists()
