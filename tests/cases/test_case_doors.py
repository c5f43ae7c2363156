"""Good-practice cases through the doors users use: the shared battery, the steps draft → submitted → published and
back, who may take them, photos, and what bad input is told."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.choices import CaseState
from cases.models import Case, CasePhoto
from core.testing import ModelTestBattery, hidden_version
from orgs.choices import RoleKind
from tests.factories import grassroots, user_with_role
from tests.homes.factories import formset_data
from tests.stations.factories import png_bytes

from .factories import CaseFactory, published_case, submitted_case

NO_PHOTOS = formset_data("photos", [])


def case_data(org, **fields):
    data = {
        "title": "街道服务站与职工之家共建共享",
        "organisation": org.pk,
        "summary": "依托服务站建家，一室多用。",
        "body": "第一段：做法。\n\n第二段：成效。",
        "measures": ["hui", "zhan"],
        **NO_PHOTOS,
    }
    data.update(fields)
    return data


def act(client, user, case, action, **data):
    client.force_login(user)
    response = client.post(reverse("cases:case_action", args=[case.pk, action]), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def state_of(case):
    return Case.objects.get(pk=case.pk).state


class TestCaseDoors(ModelTestBattery):
    model = Case

    def make(self, world, org):
        return CaseFactory(organisation=org)

    def form_data(self, world, org):
        return case_data(org)

    def edit_data(self, world, obj):
        return case_data(obj.organisation, title=obj.title + "（修订）")


# --- the steps ----------------------------------------------------------------------------------------------------
def test_a_county_case_is_written_submitted_and_published_by_the_prefecture(client, world):
    union = grassroots(world.township_a, "甲一街道某公司工会")
    client.force_login(world.officer)
    response = client.post(reverse("cases:case_add"), case_data(world.county_a, unions=[union.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert case.state == CaseState.DRAFT and list(case.unions.all()) == [union]
    assert case.measures == "hui,zhan" and case.history.first().history_user == world.officer

    act(client, world.officer, case, "submit")
    assert state_of(case) == CaseState.SUBMITTED
    # The county may not publish its own case, nor edit it while the level above reviews it.
    page = act(client, world.officer, case, "publish")
    assert "只有甲一区总工会的上级工会（甲市总工会）可以发布这个案例。" in page
    assert state_of(case) == CaseState.SUBMITTED
    response = client.get(reverse("cases:case_edit", args=[case.pk]))
    assert response.status_code == 403 and "正等待上级工会审核发布" in response.content.decode()

    page = act(client, world.prefecture_officer, case, "publish")
    assert "已发布" in page
    case.refresh_from_db()
    assert case.state == CaseState.PUBLISHED and case.published_by == world.prefecture_officer
    assert case.history.first().history_user == world.prefecture_officer


def test_the_level_above_returns_with_a_reason_and_the_unit_sees_it(client, world):
    case = submitted_case(world.county_a)
    page = act(client, world.prefecture_officer, case, "return", reason="   ")
    assert "退回时请写明原因和修改意见。" in page and state_of(case) == CaseState.SUBMITTED
    act(client, world.prefecture_officer, case, "return", reason="请补充服务人次。")
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT and case.return_reason == "请补充服务人次。"
    client.force_login(world.officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "请补充服务人次。" in page and "已退回" in page and "报送上级审核" in page
    # Back with its unit: editable and submitted again.
    response = client.post(reverse("cases:case_edit", args=[case.pk]), case_data(world.county_a, title="补充后的案例"))
    assert response.status_code == 302
    act(client, world.officer, case, "submit")
    assert state_of(case) == CaseState.SUBMITTED


def test_a_published_case_is_edited_or_withdrawn_only_by_the_level_above(client, world):
    case = published_case(world.county_a)
    client.force_login(world.officer)
    assert client.get(reverse("cases:case_edit", args=[case.pk])).status_code == 403
    page = act(client, world.officer, case, "return", reason="撤回")
    assert "上级工会" in page and state_of(case) == CaseState.PUBLISHED
    client.force_login(world.prefecture_officer)
    response = client.post(reverse("cases:case_edit", args=[case.pk]), case_data(world.county_a, title="改过的标题"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "改过的标题" and case.state == CaseState.PUBLISHED


def test_who_publishes_is_the_parent_of_the_unit(client, world):
    township_case = submitted_case(world.township_a)
    act(client, world.officer, township_case, "publish")  # the county is the township's level above
    assert state_of(township_case) == CaseState.PUBLISHED

    province_case = submitted_case(world.province)
    client.force_login(world.prefecture_officer)  # a submitted case of the province lies outside the prefecture's scope
    assert client.post(reverse("cases:case_action", args=[province_case.pk, "publish"])).status_code == 404
    reader = user_with_role("reader", RoleKind.VIEWER, world.province)
    page = act(client, reader, province_case, "publish")
    assert "只有测试省总工会的工作人员可以发布这个案例。" in page
    assert state_of(province_case) == CaseState.SUBMITTED
    act(client, world.province_staff, province_case, "publish")
    assert state_of(province_case) == CaseState.PUBLISHED

    other = submitted_case(world.county_b)
    act(client, world.outsider, other, "publish")
    assert state_of(other) == CaseState.SUBMITTED
    act(client, world.province_staff, other, "publish")  # the province's scope holds prefecture B
    assert state_of(other) == CaseState.PUBLISHED


def test_steps_the_state_does_not_allow_change_nothing(client, world):
    draft = CaseFactory(organisation=world.county_a)
    page = act(client, world.prefecture_officer, draft, "publish")
    assert "只有已报送的案例可以发布，该案例当前为“草稿”。" in page
    page = act(client, world.prefecture_officer, draft, "return", reason="不通过")
    assert "只有已报送或已发布的案例可以退回" in page
    done = published_case(world.county_a)
    page = act(client, world.officer, done, "submit")
    assert "只有草稿可以报送" in page
    rows = done.history.count()
    assert state_of(draft) == CaseState.DRAFT and state_of(done) == CaseState.PUBLISHED
    assert done.history.count() == rows
    no_measures = CaseFactory(organisation=world.county_a, measures="")
    page = act(client, world.officer, no_measures, "submit")
    assert "报送前请至少选择一项措施类别" in page and state_of(no_measures) == CaseState.DRAFT
    client.force_login(world.officer)
    assert client.post(reverse("cases:case_action", args=[draft.pk, "delete"])).status_code == 404


def test_a_step_over_a_change_the_reviewer_has_not_seen_is_refused(client, world):
    case = submitted_case(world.county_a)
    client.force_login(world.prefecture_officer)
    seen = hidden_version(client.get(case.get_absolute_url()).content.decode())
    assert seen
    other = user_with_role("pref2", RoleKind.PREFECTURE_OFFICER, world.prefecture_a)
    client.force_login(other)
    response = client.post(reverse("cases:case_edit", args=[case.pk]), case_data(world.county_a, title="新标题"))
    assert response.status_code == 302
    page = act(client, world.prefecture_officer, case, "publish", _version=seen)
    assert "修改了这条记录" in page and state_of(case) == CaseState.SUBMITTED


# --- reading ------------------------------------------------------------------------------------------------------
def test_published_cases_are_everyones_drafts_only_the_scopes(client, world):
    draft = CaseFactory(organisation=world.county_a, title="甲区草稿")
    waiting = submitted_case(world.county_a, title="甲区待审")
    done = published_case(world.county_a, title="甲区已发布")
    nobody = user_with_role("nobody", RoleKind.VIEWER, world.county_b)
    for user in (world.outsider, nobody):
        client.force_login(user)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(waiting.get_absolute_url()).status_code == 404
        assert client.get(done.get_absolute_url()).status_code == 200
        listed = client.get(reverse("cases:case_list")).content.decode()
        assert "甲区已发布" in listed and "甲区草稿" not in listed and "甲区待审" not in listed
        assert client.get(reverse("cases:case_edit", args=[done.pk])).status_code == 403
    client.force_login(world.prefecture_officer)
    assert client.get(waiting.get_absolute_url()).status_code == 200


def test_anonymous_users_are_sent_to_login(client, world):
    case = published_case(world.county_a)
    urls = [reverse("cases:case_list"), case.get_absolute_url(), reverse("cases:case_action", args=[case.pk, "return"])]
    for url in urls:
        response = client.post(url) if "act" in url else client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], url
    assert state_of(case) == CaseState.PUBLISHED


def test_the_body_is_plain_text_in_paragraphs(client, world):
    case = published_case(world.county_a, body="<script>alert(1)</script>第一段\n\n第二段")
    client.force_login(world.outsider)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;第一段</p>" in page and "<p>第二段</p>" in page


# --- bad input and photos -----------------------------------------------------------------------------------------
def test_bad_input_is_told_in_chinese_and_nothing_is_written(client, world):
    client.force_login(world.officer)
    response = client.post(reverse("cases:case_add"), case_data(world.county_a, title="", measures=["bogus"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "该字段是必填项。" in page
    assert "选择一个有效的选项。 bogus 不在可用的选项中。" in page
    response = client.post(reverse("cases:case_add"), case_data(world.county_b))
    assert "选择一个有效的选项" in response.content.decode()  # a unit outside the writer's scope
    assert not Case.objects.exists()


def test_a_photo_with_its_caption_is_kept_and_a_file_that_is_no_image_refused(client, world):
    client.force_login(world.officer)
    fake = SimpleUploadedFile("photo.png", b"this is not an image", content_type="image/png")
    data = case_data(world.county_a, **formset_data("photos", [{"file": fake, "caption": "服务站外景"}]))
    response = client.post(reverse("cases:case_add"), data)
    assert response.status_code == 200
    assert "不是可接受的类型，只能上传：图片（JPG、PNG、GIF）。" in response.content.decode()
    assert not Case.objects.exists() and not CasePhoto.objects.exists()

    real = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    data = case_data(world.county_a, **formset_data("photos", [{"file": real, "caption": "服务站外景"}]))
    response = client.post(reverse("cases:case_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    photo = CasePhoto.objects.get()
    assert photo.caption == "服务站外景" and photo.content_type == "image/png" and photo.uploaded_by == world.officer
    page = client.get(photo.case.get_absolute_url()).content.decode()
    assert "服务站外景" in page and photo.get_absolute_url() in page
    # The photo is read with its case: not outside the scope while a draft, by everyone once published.
    client.force_login(world.outsider)
    assert client.get(photo.get_absolute_url()).status_code == 404
    Case.objects.filter(pk=photo.case_id).update(state=CaseState.PUBLISHED)
    assert client.get(photo.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("name", ["report.pdf", "photo.gif"])
def test_a_pdf_or_a_renamed_file_is_no_photo(client, world, name):
    client.force_login(world.officer)
    content = b"%PDF-1.4 fake" if name.endswith(".pdf") else png_bytes()  # a PNG named .gif: its name lies
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        reverse("cases:case_add"), case_data(world.county_a, **formset_data("photos", [{"file": upload}]))
    )
    assert response.status_code == 200 and "不是可接受的类型" in response.content.decode()
    assert not CasePhoto.objects.exists()


def test_the_edit_form_picks_several_unions_within_the_writers_scope(client, world):
    first, second = grassroots(world.township_a, "第一家工会"), grassroots(world.township_a, "第二家工会")
    elsewhere = grassroots(world.county_b, "乙县的工会")
    case = CaseFactory(organisation=world.county_a, unions=[first])
    client.force_login(world.officer)
    html = client.get(reverse("cases:case_edit", args=[case.pk])).content.decode()
    assert f'name="unions" value="{first.pk}"' in html and "第一家工会" in html and "第二家工会" not in html
    assert "data-org-picker-multi" in html
    url = reverse("cases:case_edit", args=[case.pk])
    response = client.post(url, case_data(world.county_a, unions=[first.pk, second.pk]))
    assert response.status_code == 302
    assert set(case.unions.all()) == {first, second}
    response = client.post(url, case_data(world.county_a, unions=[elsewhere.pk]))
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert "乙县的工会" not in response.content.decode()  # an id outside the scope is not named back
    assert set(case.unions.all()) == {first, second}
    response = client.post(url, case_data(world.county_a))  # every tag removed: none involved
    assert response.status_code == 302 and not case.unions.exists()


def test_the_service_refuses_what_the_form_would_not_offer(world):
    from django.core.exceptions import ValidationError

    from cases import services

    elsewhere = grassroots(world.county_b, "乙县的工会")
    case = Case(organisation=world.county_a, title="服务直接调用", summary="摘要", body="正文", measures="hui")
    with pytest.raises(ValidationError) as refused:
        services.case_create(actor=world.officer, instance=case, unions=[elsewhere])
    assert refused.value.message_dict["unions"] == ["“乙县的工会”不在您的管理范围内，不能列为涉及的工会。"]
    assert not Case.objects.exists()
    waiting = submitted_case(world.county_a)
    waiting.organisation = world.prefecture_a
    with pytest.raises(ValidationError) as refused:
        services.case_update(actor=world.prefecture_officer, instance=waiting)
    assert "不能再更换报送单位" in refused.value.message_dict["organisation"][0]
    assert Case.objects.get(pk=waiting.pk).organisation == world.county_a
