"""The shared battery, applied to workers' homes, and the home's own rules at each door."""

import io

import pytest
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from core.testing import ModelTestBattery, api_client, upload
from homes.models import Facility, HomePhoto, WorkersHome
from orgs.choices import Level
from tests.factories import OrganisationFactory

from .factories import FacilityFactory, formset_data, full_home, home_in

EMPTY_INLINES = {
    **formset_data("facilities", []),
    **formset_data("honours", []),
    **formset_data("ratings", []),
}


def new_union(parent, name=None):
    kwargs = {"name": name} if name else {}
    return OrganisationFactory(level=Level.GRASSROOTS, parent=parent, **kwargs)


class TestWorkersHomeDoors(ModelTestBattery):
    model = WorkersHome
    api_basename = "workershome"

    def make(self, world, org):
        return home_in(org)

    def form_data(self, world, org):
        union = new_union(org)
        return {"organisation": union.pk, "name": f"{union.name}职工之家", "status": "in_use", **EMPTY_INLINES}

    def edit_data(self, world, obj):
        return {"organisation": obj.organisation_id, "name": obj.name + "（新）", "status": "in_use", **EMPTY_INLINES}

    def api_data(self, world, org):
        union = new_union(org)
        return {"organisation": union.pk, "name": f"{union.name}职工之家"}

    def import_rows(self, world, org):
        first, second = new_union(org, f"导入甲工会{org.pk}"), new_union(org, f"导入乙工会{org.pk}")
        return [
            {"所属工会": first.name, "名称": "甲职工之家", "状态": "使用中", "工会办公室面积（㎡）": 20},
            {"所属工会": second.name, "名称": "乙职工之家", "状态": "in_use", "职工书屋面积（㎡）": ""},
        ]


def post_home(client, org, facilities=(), **fields):
    data = {"organisation": org.pk, "name": "新职工之家", "status": "in_use", **EMPTY_INLINES}
    data.update(formset_data("facilities", list(facilities)))
    data.update(fields)
    return client.post(reverse("homes:workershome_add"), data)


# --- the six-function standard --------------------------------------------------------------------------------
def test_form_records_facilities_and_their_functions(client, world):
    client.force_login(world.officer)
    union = new_union(world.county_a)
    response = post_home(
        client,
        union,
        facilities=[
            {"kind": "office", "area": "20", "functions": ["office", "service", "consultation"]},
            {"kind": "activity_room", "area": "80", "functions": ["activity", "study", "education"]},
        ],
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    home = WorkersHome.objects.get(organisation=union)
    office = home.facilities.get(kind="office")
    assert office.functions == ["office", "service", "consultation"]
    assert office.multi_use
    assert home.meets_standard
    assert office.history.first().history_user == world.officer
    page = client.get(home.get_absolute_url()).content.decode()
    assert "六位一体达标" in page and "一室多用" in page


def test_page_names_missing_functions_and_providers(client, world):
    home = home_in(world.county_a)
    FacilityFactory(home=home, kind="office", office=True)
    FacilityFactory(home=home, kind="bookroom", name="书香小屋", study=True, activity=True)
    assert not home.meets_standard
    assert home.missing_functions() == ["教育", "服务", "咨询"]
    client.force_login(world.officer)
    page = client.get(home.get_absolute_url()).content.decode()
    assert "缺少功能：教育、服务、咨询" in page
    assert "书香小屋" in page  # named as the provider of 学习 and 活动


def test_single_purpose_room_is_not_multi_use(world):
    home, office, _room = full_home(world.county_a)
    office.functions = ["office"]
    assert not office.multi_use
    assert office.functions_display() == "办公"


def test_standard_filter_on_list_and_api(client, world):
    complete, _a, _b = full_home(world.county_a, name="达标之家")
    partial = home_in(world.county_a, name="缺项之家")
    FacilityFactory(home=partial, kind="office", office=True)
    client.force_login(world.officer)
    body = client.get(reverse("homes:workershome_list"), {"standard": "yes"}).content.decode()
    assert "达标之家" in body and "缺项之家" not in body
    body = client.get(reverse("homes:workershome_list"), {"missing": ["consultation"]}).content.decode()
    assert "缺项之家" in body and "达标之家" not in body
    rows = api_client(world.officer).get(reverse("api:workershome-list"), {"standard": "no"}).json()["results"]
    assert [r["name"] for r in rows] == ["缺项之家"]
    assert rows[0]["missing_functions"] == ["study", "education", "service", "consultation", "activity"]
    assert rows[0]["meets_standard"] is False


# --- bookroom -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("volumes", "shown"), [(2999, "不足 3000 册"), (3000, "达到 3000 册")])
def test_bookroom_threshold(client, world, volumes, shown):
    home = home_in(world.county_a, book_volumes=volumes)
    FacilityFactory(home=home, kind="bookroom", study=True)
    assert home.volumes_met is (volumes >= 3000)
    client.force_login(world.officer)
    assert shown in client.get(home.get_absolute_url()).content.decode()


# --- rules at each door ---------------------------------------------------------------------------------------
def test_one_home_per_union_at_every_door(client, world):
    existing = home_in(world.county_a)
    union = existing.organisation
    client.force_login(world.officer)
    response = post_home(client, union)
    assert response.status_code == 200
    assert "该工会已有职工之家" in response.content.decode()
    response = api_client(world.officer).post(
        reverse("api:workershome-list"), {"organisation": union.pk, "name": "重复之家"}, format="json"
    )
    assert response.status_code == 400
    assert "该工会已有职工之家" in str(response.json())
    errors = import_errors(client, [{"所属工会": union.name, "名称": "重复之家"}])
    assert any("该工会已有职工之家" in e["message"] for e in errors)
    assert WorkersHome.objects.filter(organisation=union).count() == 1


def test_home_only_for_grassroots_township_or_county(client, world):
    client.force_login(world.prefecture_officer)
    response = post_home(client, world.prefecture_a)
    assert response.status_code == 200
    assert "职工之家只能登记在" in response.content.decode()
    response = api_client(world.prefecture_officer).post(
        reverse("api:workershome-list"), {"organisation": world.prefecture_a.pk, "name": "市级之家"}, format="json"
    )
    assert response.status_code == 400 and "organisation" in response.json()
    assert post_home(client, world.township_a).status_code == 302


def test_digital_reading_needs_a_platform_name(client, world):
    client.force_login(world.officer)
    union = new_union(world.county_a)
    response = post_home(client, union, digital_reading="on")
    assert response.status_code == 200 and "请填写平台名称" in response.content.decode()
    response = api_client(world.officer).post(
        reverse("api:workershome-list"),
        {"organisation": union.pk, "name": "之家", "digital_reading": True},
        format="json",
    )
    assert response.status_code == 400 and "digital_platform" in response.json()
    errors = import_errors(client, [{"所属工会": union.name, "名称": "之家", "有数字阅读平台": "是"}])
    assert [e["column"] for e in errors] == ["数字阅读平台名称"]


def test_closed_home_needs_its_date_and_dates_are_not_in_the_future(client, world):
    client.force_login(world.officer)
    union = new_union(world.county_a)
    response = post_home(client, union, status="closed")
    assert "已停用的职工之家须填写停用日期" in response.content.decode()
    response = post_home(client, union, status_date="2999-01-01")
    assert "状态日期不能晚于今天" in response.content.decode()


def test_other_facility_needs_a_name_and_area_is_positive(client, world):
    client.force_login(world.officer)
    union = new_union(world.county_a)
    response = post_home(client, union, facilities=[{"kind": "other", "area": "10", "functions": ["service"]}])
    assert "请填写名称" in response.content.decode()
    response = post_home(client, union, facilities=[{"kind": "office", "area": "-5", "functions": ["office"]}])
    assert response.status_code == 200
    assert not WorkersHome.objects.filter(organisation=union).exists()


# --- import ---------------------------------------------------------------------------------------------------
def import_errors(client, rows):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("homes:workershome_import"), rows)
    from core.models import ImportJob

    job = ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    return job.errors


def test_import_creates_facilities_from_area_columns(client, world):
    union = new_union(world.county_a, "导入书屋工会")
    client.force_login(world.officer)
    rows = [
        {
            "所属工会": union.name,
            "名称": "书屋之家",
            "书屋藏书（册）": 3200,
            "职工书屋面积（㎡）": 45.5,
            "工会办公室面积（㎡）": "20",
        }
    ]
    assert import_errors(client, rows) == []
    from core.models import ImportJob

    job = ImportJob.objects.latest("pk")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("core:importjob_detail", args=[job.pk]))
    home = WorkersHome.objects.get(organisation=union)
    bookroom = home.facilities.get(kind="bookroom")
    assert str(bookroom.area) == "45.5" and bookroom.functions == ["study"]
    assert home.facilities.get(kind="office").functions == ["office"]
    assert home.volumes_met
    # the export carries the areas back in the same columns
    text = client.get(reverse("homes:workershome_list"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "职工书屋面积（㎡）" in text.splitlines()[0] and "45.5" in text


def test_import_reports_bad_area_and_out_of_scope_union_per_row(client, world):
    mine = new_union(world.county_a, "范围内工会")
    theirs = new_union(world.county_b, "范围外工会")
    client.force_login(world.officer)
    errors = import_errors(
        client,
        [
            {"所属工会": mine.name, "名称": "之家甲", "职工活动室面积（㎡）": "很大"},
            {"所属工会": theirs.name, "名称": "之家乙", "职工活动室面积（㎡）": ""},
        ],
    )
    assert {(e["row"], e["column"]) for e in errors} == {(2, "职工活动室面积（㎡）"), (3, "所属工会")}
    assert not WorkersHome.objects.exists()


# --- API for facilities ---------------------------------------------------------------------------------------
def test_facility_api_writes_functions_within_scope(world):
    home = home_in(world.county_a)
    theirs = home_in(world.county_b)
    url = reverse("api:facility-list")
    client = api_client(world.officer)
    response = client.post(url, {"home": home.pk, "kind": "club", "area": "60", "functions": ["activity", "study"]})
    assert response.status_code == 201, response.content
    facility = Facility.objects.get(pk=response.json()["id"])
    assert facility.activity and facility.study and not facility.office
    assert response.json()["multi_use"] is True
    assert facility.history.first().history_user == world.officer
    assert client.post(url, {"home": theirs.pk, "kind": "club"}).status_code == 400
    response = client.post(url, {"home": home.pk, "kind": "other", "functions": ["service"]})
    assert response.status_code == 400 and "name" in response.json()
    detail = reverse("api:facility-detail", args=[facility.pk])
    assert api_client(world.outsider).get(detail).status_code == 404
    assert client.delete(detail).status_code == 204
    assert not Facility.objects.filter(pk=facility.pk).exists()


def test_rating_and_honour_rules_through_api(world):
    home = home_in(world.county_a)
    client = api_client(world.officer)
    response = client.post(
        reverse("api:satisfactionrating-list"), {"home": home.pk, "year": 2024, "percent": "101", "respondents": 10}
    )
    assert response.status_code == 400 and "percent" in response.json()
    assert (
        client.post(
            reverse("api:satisfactionrating-list"),
            {"home": home.pk, "year": 2024, "percent": "91.5", "respondents": 10},
        ).status_code
        == 201
    )
    response = client.post(
        reverse("api:satisfactionrating-list"), {"home": home.pk, "year": 2024, "percent": "80", "respondents": 10}
    )
    assert response.status_code == 400 and "该年度的会员评家结果已登记过" in str(response.json())
    response = client.post(
        reverse("api:honour-list"), {"home": home.pk, "title": "model_home", "level": "national", "year": 2999}
    )
    assert response.status_code == 400 and "year" in response.json()


def test_rating_bar_shown_on_page(client, world):
    from .factories import RatingFactory

    home = home_in(world.county_a)
    RatingFactory(home=home, year=2023, percent=92)
    RatingFactory(home=home, year=2022, percent=85)
    client.force_login(world.officer)
    page = client.get(home.get_absolute_url()).content.decode()
    assert "满意率 90% 为达标线" in page
    assert page.count("未达标") >= 1


# --- photos ---------------------------------------------------------------------------------------------------
def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def named(content, name):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def edit_with_photo(client, home, photo):
    data = {"organisation": home.organisation_id, "name": home.name, "status": "in_use", **EMPTY_INLINES}
    data["attachments"] = photo
    return client.post(reverse("homes:workershome_edit", args=[home.pk]), data)


def test_photo_upload_checked_and_served_only_in_scope(client, world, settings):
    home = home_in(world.county_a)
    client.force_login(world.officer)
    response = edit_with_photo(client, home, named(b"%PDF-1.4 not an image", "plan.pdf"))
    assert response.status_code == 200 and "不是可接受的类型" in response.content.decode()
    response = edit_with_photo(client, home, named(b"hello", "photo.jpg"))
    assert response.status_code == 200
    settings.UPLOAD_MAX_BYTES = 50
    response = edit_with_photo(client, home, named(png_bytes() + b"\0" * 100, "big.png"))
    assert response.status_code == 200 and "超过上限" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    assert not HomePhoto.objects.exists()
    response = edit_with_photo(client, home, named(png_bytes(), "front.png"))
    assert response.status_code == 302
    photo = HomePhoto.objects.get()
    assert client.get(photo.get_absolute_url()).status_code == 200
    assert photo.get_absolute_url() in client.get(home.get_absolute_url()).content.decode()
    client.force_login(world.outsider)
    assert client.get(photo.get_absolute_url()).status_code == 404


# --- the union page -------------------------------------------------------------------------------------------
def test_union_page_shows_its_home(client, world):
    home = home_in(world.county_a, name="示范职工之家", book_volumes=1200)
    FacilityFactory(home=home, kind="bookroom", study=True)
    from .factories import HonourFactory

    HonourFactory(home=home, title="model_home", level="provincial", year=2022)
    client.force_login(world.officer)
    page = client.get(home.organisation.get_absolute_url()).content.decode()
    assert "示范职工之家" in page
    assert "缺少：办公、教育、服务、咨询、活动" in page
    assert "不足 3000 册" in page
    assert "省级模范职工之家" in page
    client.force_login(world.outsider)
    assert client.get(home.organisation.get_absolute_url()).status_code == 404


def test_superior_union_page_sums_up_the_homes_below(client, world):
    full_home(world.township_a)
    home_in(world.county_a)
    home_in(world.county_b)  # another prefecture: not counted
    client.force_login(world.prefecture_officer)
    page = client.get(world.prefecture_a.get_absolute_url()).content.decode()
    assert "本级不单独登记职工之家" in page
    assert "下级工会使用中的职工之家 2 个，其中“六位一体”达标 1 个（50%）" in page


def test_rating_and_honour_rows_checked_in_the_form(client, world):
    client.force_login(world.officer)
    union = new_union(world.county_a)
    data = {"organisation": union.pk, "name": "评家之家", "status": "in_use", **EMPTY_INLINES}
    data.update(formset_data("ratings", [{"year": "2023", "percent": "120", "respondents": "30"}]))
    response = client.post(reverse("homes:workershome_add"), data)
    assert response.status_code == 200 and not WorkersHome.objects.exists()
    data.update(formset_data("ratings", [{"year": "2023", "percent": "95.5", "respondents": "30"}]))
    data.update(formset_data("honours", [{"title": "model_home", "level": "county", "year": "2999"}]))
    response = client.post(reverse("homes:workershome_add"), data)
    assert response.status_code == 200 and "年度须在" in response.content.decode()
    data.update(formset_data("honours", [{"title": "model_home", "level": "county", "year": "2021"}]))
    assert client.post(reverse("homes:workershome_add"), data).status_code == 302
    home = WorkersHome.objects.get()
    assert home.ratings.get().meets_bar and str(home.honours.get()) == "2021 县级模范职工之家"


def test_dependent_rows_api_is_scoped(world):
    mine = FacilityFactory(home=home_in(world.county_a), kind="office")
    theirs = FacilityFactory(home=home_in(world.county_b), kind="office")
    rows = api_client(world.officer).get(reverse("api:facility-list")).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert api_client(world.viewer).patch(reverse("api:facility-detail", args=[mine.pk]), {}).status_code == 403
    assert api_client(world.viewer).delete(reverse("api:facility-detail", args=[mine.pk])).status_code == 403
    assert api_client(world.officer).delete(reverse("api:facility-detail", args=[theirs.pk])).status_code == 404
