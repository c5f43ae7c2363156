"""分类指导 through the pages: province staff keep the group sets, officers set a union's groups (exclusive sets
refuse a second group in Chinese and change nothing), a subtree is assigned at once, the integrity page counts
what compulsory and exclusive sets miss, and 条块结合 gives an industry union a read role over its unions."""

import pytest
from django.urls import reverse

from groups.models import Group, GroupMembership, GroupSet
from orgs.choices import Level, RoleKind
from tests.factories import OrganisationFactory, grassroots, user_with_role


@pytest.fixture
def key_units():
    group_set = GroupSet.objects.create(code="key", name="重点联系单位", source="manual", exclusive=True)
    return (
        group_set,
        Group.objects.create(group_set=group_set, code="a", name="第一批"),
        Group.objects.create(group_set=group_set, code="b", name="第二批"),
    )


def test_province_staff_keep_the_group_sets_and_others_may_not(client, world):
    client.force_login(world.officer)
    assert client.get(reverse("groups:groupset_add")).status_code == 403
    assert "地区类别" in client.get(reverse("groups:groupset_list")).content.decode()
    client.force_login(world.province_staff)
    data = {
        "code": "pilot", "name": "试点单位", "source": "manual", "exclusive": "on", "order": "9", "description": "",
        "groups-TOTAL_FORMS": "2", "groups-INITIAL_FORMS": "0",
        "groups-0-code": "p1", "groups-0-name": "第一批试点", "groups-0-order": "0",
        "groups-1-code": "", "groups-1-name": "", "groups-1-order": "0",  # the blank extra row, as the page sends it
    }  # fmt: skip
    response = client.post(reverse("groups:groupset_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(GroupSet.objects.get(code="pilot").groups.values_list("name", flat=True)) == ["第一批试点"]


def test_overlapping_size_bands_are_refused_in_chinese(client, world):
    bands = GroupSet.objects.get(code="size_band")
    groups = list(bands.groups.order_by("order"))
    client.force_login(world.province_staff)
    data = {"name": bands.name, "exclusive": "on", "order": "5", "description": "",
            "groups-TOTAL_FORMS": str(len(groups)), "groups-INITIAL_FORMS": str(len(groups))}  # fmt: skip
    for n, group in enumerate(groups):
        data.update({f"groups-{n}-id": group.pk, f"groups-{n}-group_set": bands.pk, f"groups-{n}-code": group.code,
                     f"groups-{n}-name": group.name, f"groups-{n}-order": group.order,
                     f"groups-{n}-min_employees": group.min_employees or "",
                     f"groups-{n}-max_employees": group.max_employees or ""})  # fmt: skip
    data["groups-1-min_employees"] = "20"  # 20–99 overlaps 0–24
    response = client.post(reverse("groups:groupset_edit", args=[bands.pk]), data)
    assert response.status_code == 200 and "人数范围重叠" in response.content.decode()
    assert Group.objects.get(pk=groups[1].pk).min_employees == 25


def test_an_exclusive_set_takes_one_group_per_union(client, world, key_units):
    group_set, first, second = key_units
    union = grassroots(world.township_a, "分类测试工会")
    client.force_login(world.officer)
    url = reverse("groups:memberships", args=[union.pk])
    assert client.post(url, {f"set_{group_set.pk}": first.pk}).status_code == 302
    assert list(GroupMembership.objects.filter(organisation=union).values_list("group", flat=True)) == [first.pk]
    assert client.post(url, {f"set_{group_set.pk}": second.pk}).status_code == 302  # moved, not added
    assert list(GroupMembership.objects.filter(organisation=union).values_list("group", flat=True)) == [second.pk]
    from django.core.exceptions import ValidationError

    from core.services import record_create

    with pytest.raises(ValidationError) as error:
        record_create(actor=world.officer, instance=GroupMembership(group=first, organisation=union))
    assert "只能属于一个分组" in " ".join(error.value.messages)
    assert GroupMembership.objects.filter(organisation=union).count() == 1
    assert reverse("groups:panel", args=[union.pk]) in client.get(union.get_absolute_url()).content.decode()
    panel = client.get(reverse("groups:panel", args=[union.pk])).content.decode()
    assert "第二批" in panel and "调整分组" in panel
    client.force_login(world.outsider)
    assert client.post(url, {f"set_{group_set.pk}": first.pk}).status_code == 404


def test_a_subtree_is_assigned_at_once_and_the_integrity_page_counts_what_is_missing(client, world, key_units):
    group_set, first, second = key_units
    group_set.compulsory = True
    group_set.save()
    unions = [grassroots(world.township_a, f"批量工会{n}") for n in range(3)] + [grassroots(world.county_b, "乙县工会")]
    GroupMembership.objects.create(group=second, organisation=unions[0])
    client.force_login(world.province_staff)
    response = client.post(
        reverse("groups:assign", args=[group_set.pk]), {"group": first.pk, "within": world.county_a.pk}
    )
    assert response.status_code == 302
    assert GroupMembership.objects.filter(group=first).count() == 2  # the third was already in the other group
    page = client.get(reverse("groups:integrity")).content.decode()
    assert 'id="integrity-key"' in page
    listed = client.get(reverse("groups:integrity_list", args=[group_set.pk, "missing"])).content.decode()
    assert "共 1 条" in listed and "乙县工会" in listed
    GroupMembership.objects.create(group=first, organisation=unions[0])  # bypassing the check: two groups
    listed = client.get(reverse("groups:integrity_list", args=[group_set.pk, "in_two"])).content.decode()
    assert "共 1 条" in listed and unions[0].name in listed
    client.force_login(world.officer)
    assert client.post(reverse("groups:assign", args=[group_set.pk]), {"group": first.pk}).status_code == 403


def test_an_industry_union_reads_its_affiliated_unions_and_writes_none(client, world):
    industry = OrganisationFactory(name="省交通运输工会", level=Level.INDUSTRY, parent=world.province)
    group = Group.objects.create(
        group_set=GroupSet.objects.get(code="industry_union"), code="jt", name=industry.name, organisation=industry
    )
    affiliated = grassroots(world.township_a, "某运输公司工会")
    other = grassroots(world.township_a, "某商场工会")
    GroupMembership.objects.create(group=group, organisation=affiliated)
    reader = user_with_role("jiaotong", RoleKind.PREFECTURE_OFFICER, industry)
    client.force_login(reader)
    assert client.get(affiliated.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    listed = client.get(reverse("orgs:organisation_list"), {"level": "grassroots"}).content.decode()
    assert affiliated.name in listed and other.name not in listed
    edit = client.get(reverse("orgs:organisation_edit", args=[affiliated.pk]))
    assert edit.status_code in (403, 404)
    assert client.get(reverse("groups:memberships", args=[affiliated.pk])).status_code == 403
    GroupMembership.objects.filter(group=group).delete()
    assert client.get(affiliated.get_absolute_url()).status_code == 404  # the affiliation ends, so does the read
