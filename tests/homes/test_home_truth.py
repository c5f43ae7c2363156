"""家 records that tell the truth: one definition of the standard rate (homes in use), the whole 职工书屋 list,
and the rules on honours and ratings at the form and the API (ratings and honours have no import of their own)."""

from django.urls import reverse

from core.quality import checks
from core.testing import api_client
from homes.choices import FacilityKind, HomeStatus
from homes.models import Honour, SatisfactionRating, WorkersHome
from homes.selectors import standard_homes, subtree_summary
from tests.unions.factories import RegistrationFactory

from .factories import FacilityFactory, HonourFactory, RatingFactory, formset_data, full_home, home_in


def registered(home, members=40, employees=100):
    RegistrationFactory(organisation=home.organisation, employees=employees, members=members, female_members=10,
                        migrant_members=0, new_forms_members=0)  # fmt: skip
    return home


def edit_home(client, home, **inlines):
    data = {"organisation": home.organisation_id, "name": home.name, "status": home.status}
    for prefix in ("facilities", "honours", "ratings"):
        data.update(formset_data(prefix, inlines.get(prefix, [])))
    return client.post(reverse("homes:workershome_edit", args=[home.pk]), data)


# --- one definition of the home standard rate -----------------------------------------------------------------
def test_standard_rate_counts_homes_in_use_only_on_the_panel_the_list_and_the_selector(client, world):
    full_home(world.township_a)
    building, _o, _r = full_home(world.township_a, status=HomeStatus.BUILDING)
    home_in(world.township_a)  # in use, not standard
    home_in(world.township_a, status=HomeStatus.CLOSED, status_date="2024-01-01")
    assert standard_homes().count() == 1
    summary = subtree_summary(world.officer, world.county_a)
    assert (summary["total"], summary["standard"], summary["rate"]) == (2, 1, 50)
    client.force_login(world.officer)
    page = client.get(world.county_a.get_absolute_url()).content.decode()
    assert "下级工会使用中的职工之家 2 个，其中“六位一体”达标 1 个（50%）" in page
    listed = client.get(reverse("homes:workershome_list"), {"standard": "yes"}).context["table"].data
    assert [h.pk for h in listed] != [building.pk] and len(listed) == 1
    not_met = client.get(reverse("homes:workershome_list"), {"standard": "no"}).context["table"].data
    assert len(not_met) == 1  # the home in use without the six functions; building and closed are not counted


# --- 职工书屋: the whole ACFTU list ----------------------------------------------------------------------------
def test_bookroom_standard_is_the_whole_list_not_the_volumes(client, world):
    complete = dict(book_volumes=3500, digital_reading=True, digital_platform="职工书屋数字平台",
                    bookroom_keeper="李玉梅", lending_rules="凭会员证借阅", bookroom_sign=True,
                    bookroom_dedicated=True, bookroom_shelves=True, bookroom_computer=True)  # fmt: skip
    good = home_in(world.county_a, **complete)
    FacilityFactory(home=good, kind=FacilityKind.BOOKROOM, study=True)
    no_computer = home_in(world.county_a, **{**complete, "bookroom_computer": False})
    FacilityFactory(home=no_computer, kind=FacilityKind.BOOKROOM, study=True)
    assert good.bookroom_meets_standard and not no_computer.bookroom_meets_standard
    assert no_computer.bookroom_missing() == ["联网电脑"]
    client.force_login(world.officer)
    rows = client.get(reverse("homes:workershome_list"), {"bookroom": "yes"}).context["table"].data
    assert [h.pk for h in rows] == [good.pk]
    rows = client.get(reverse("homes:workershome_list"), {"bookroom": "no"}).context["table"].data
    assert [h.pk for h in rows] == [no_computer.pk]


def test_book_volumes_without_a_bookroom_are_flagged(world):
    flagged = home_in(world.county_a, book_volumes=1200)
    with_room = home_in(world.county_a, book_volumes=1200)
    FacilityFactory(home=with_room, kind=FacilityKind.BOOKROOM, study=True)
    assert list(checks["volumes_without_bookroom"].flagged()) == [flagged]


# --- 会员评家 respondents ≤ members ----------------------------------------------------------------------------
def test_rating_respondents_within_membership_at_form_and_api(client, world):
    home = registered(home_in(world.county_a), members=40)
    client.force_login(world.officer)
    response = edit_home(client, home, ratings=[{"year": "2024", "percent": "95", "respondents": "41"}])
    assert response.status_code == 200 and "不能多于该工会的会员人数（40）" in response.content.decode()
    api = api_client(world.officer)
    response = api.post(reverse("api:satisfactionrating-list"),
                        {"home": home.pk, "year": 2024, "percent": "95", "respondents": 400})  # fmt: skip
    assert response.status_code == 400 and "不能多于该工会的会员人数（40）" in str(response.json()["respondents"])
    assert not SatisfactionRating.objects.exists()
    response = api.post(reverse("api:satisfactionrating-list"),
                        {"home": home.pk, "year": 2024, "percent": "95", "respondents": 40})  # fmt: skip
    assert response.status_code == 201


def test_ratings_over_membership_saved_before_the_rule_are_flagged(world):
    home = registered(home_in(world.county_a), members=40)
    rating = RatingFactory(home=home, respondents=400)
    assert list(checks["rating_over_members"].flagged()) == [rating]


# --- honours: the ladder and the model-home bars, with an override that needs a reason --------------------------
def test_honour_needs_the_next_lower_title_first_unless_a_reason_is_given(client, world):
    home = home_in(world.county_a)
    api = api_client(world.officer)
    url = reverse("api:honour-list")
    response = api.post(url, {"home": home.pk, "title": "model_home", "level": "provincial", "year": 2024})
    assert response.status_code == 400
    assert "命名省级模范职工之家前须先获得市(州)级模范职工之家" in str(response.json()["override_reason"])
    client.force_login(world.officer)
    response = edit_home(client, home, honours=[{"title": "model_home", "level": "provincial", "year": "2024"}])
    assert response.status_code == 200 and "须先获得市(州)级模范职工之家" in response.content.decode()
    assert not Honour.objects.exists()
    HonourFactory(home=home, title="model_home", level="county", year=2020)
    assert (
        api.post(url, {"home": home.pk, "title": "model_home", "level": "prefecture", "year": 2022}).status_code == 201
    )
    response = api.post(url, {"home": home.pk, "title": "model_home", "level": "national", "year": 2024,
                              "override_reason": "全国总工会直接命名"})  # fmt: skip
    assert response.status_code == 201


def test_model_home_needs_membership_and_satisfaction_bars(world):
    home = registered(home_in(world.county_a), members=80, employees=100)
    RatingFactory(home=home, year=2023, percent=95, respondents=30)
    api = api_client(world.officer)
    url = reverse("api:honour-list")
    response = api.post(url, {"home": home.pk, "title": "model_home", "level": "county", "year": 2024})
    assert response.status_code == 400 and "入会率 80.0% 低于 90%" in str(response.json()["override_reason"])
    assert (
        api.post(url, {"home": home.pk, "title": "qualified_home", "level": "county", "year": 2024}).status_code == 201
    )


def test_honours_off_the_ladder_or_below_the_bars_are_flagged_unless_explained(world):
    home = registered(home_in(world.county_a), members=80, employees=100)
    off = HonourFactory(home=home, title="model_home", level="provincial", year=2024)
    HonourFactory(home=home, title="model_home", level="national", year=2025, override_reason="破格")
    assert list(checks["honour_ladder"].flagged()) == [off]
    assert list(checks["honour_bars"].flagged()) == [off]
    assert WorkersHome.objects.count() == 1


def test_the_bookroom_checklist_is_written_at_the_api_and_the_import_too(client, world):
    checklist = {"bookroom_sign": True, "bookroom_dedicated": True, "bookroom_shelves": True, "bookroom_computer": True}
    home = home_in(world.county_a)
    api = api_client(world.officer)
    response = api.patch(reverse("api:workershome-detail", args=[home.pk]), checklist, format="json")
    assert response.status_code == 200, response.content
    home.refresh_from_db()
    assert all(getattr(home, name) for name in checklist)

    from homes.resources import WorkersHomeResource

    columns = WorkersHomeResource(user=None).fields
    assert {str(columns[name].column_name) for name in checklist} == {
        str(WorkersHome._meta.get_field(name).verbose_name) for name in checklist
    }
