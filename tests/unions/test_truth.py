"""会 records that tell the truth: six-has items against the registration, returns derived at filing time and
kept as filed, and the union's code distinct from its employer's, at the form, the import and the API."""

import datetime

from django.test import TestCase
from django.urls import reverse

from core.quality import checks
from core.testing import api_client, upload
from tests.factories import valid_credit_code
from tests.unions.factories import RegistrationFactory, SixHasItemFactory, annual_return_in, union_under
from unions.choices import ItemState, SixHas
from unions.facts import facts_for
from unions.models import AnnualReturn, Registration, SixHasItem
from unions.resources import RegistrationResource, SixHasItemResource

TODAY = datetime.date.today()


def lapsed_union(world):
    """A union whose chair's term ended two years ago and who has no funds committee."""
    union = union_under(world.county_a)
    RegistrationFactory(organisation=union, chair_elected_on=TODAY.replace(year=TODAY.year - 7),
                        chair_trained_on=TODAY.replace(year=TODAY.year - 7), funds_committee_on=None,
                        women_committee_on=TODAY.replace(year=TODAY.year - 3), workers_congress=True,
                        open_affairs=True, independent_account=True)  # fmt: skip
    return union


def test_facts_say_what_the_registration_says_per_item(world):
    union = lapsed_union(world)
    facts = facts_for(union.registration)
    assert [str(f) for f in facts[SixHas.CHAIR]] == ["主席任期已届满，未按期换届"]  # 96 of 100 are members
    assert [str(f) for f in facts[SixHas.ORGANISATION]] == ["未建立经费审查委员会"]
    assert SixHas.RULES not in facts and SixHas.FUNDS not in facts


def test_six_has_page_shows_the_records_and_proposes_a_state(client, world):
    union = lapsed_union(world)
    client.force_login(world.officer)
    page = client.get(reverse("unions:six_has", args=[union.pk])).content.decode()
    assert "现有记录显示：" in page and "主席任期已届满，未按期换届" in page and "未建立经费审查委员会" in page
    assert "建议评为“部分达标”" in page
    assert "本项所需的记录齐备" in page  # item 4 and 5: the records allow them


def test_met_against_the_records_needs_a_reason_on_the_six_has_page(client, world):
    union = lapsed_union(world)
    client.force_login(world.officer)
    url = reverse("unions:six_has", args=[union.pk])
    response = client.post(url, {"item1-state": "met", "item5-state": "met"})
    assert response.status_code == 200
    assert "现有记录显示：主席任期已届满" in response.content.decode()
    assert not SixHasItem.objects.exists()  # the page is saved whole: item 5 was not written either
    response = client.post(url, {"item1-state": "met", "item1-override_reason": "上月已换届，登记待更新"})
    assert response.status_code == 302
    assert SixHasItem.objects.get().override_reason == "上月已换届，登记待更新"


def test_met_against_the_records_needs_a_reason_at_the_import(client, world):
    union = lapsed_union(world)
    client.force_login(world.officer)
    resource = SixHasItemResource(user=None)
    row = {str(resource.fields["organisation"].column_name): union.name, "项目": SixHas.ORGANISATION.label,
           "达标情况": "达标"}  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("unions:sixhasitem_import"), [row])
    assert "未建立经费审查委员会" in client.get(response["Location"]).content.decode()
    assert not SixHasItem.objects.exists()


def test_met_against_the_records_needs_a_reason_at_the_api(world):
    union = lapsed_union(world)
    api = api_client(world.officer)
    url = reverse("api:sixhasitem-list")
    response = api.post(url, {"organisation": union.pk, "item": 1, "state": "met"}, format="json")
    assert response.status_code == 400 and "主席任期已届满" in str(response.json()["override_reason"])
    assert api.post(url, {"organisation": union.pk, "item": 1, "state": "partly"}, format="json").status_code == 201
    data = {"organisation": union.pk, "item": 2, "state": "met", "override_reason": "经审会已成立，待补登"}
    assert api.post(url, data, format="json").status_code == 201


def test_items_met_against_the_records_are_flagged_unless_explained(world):
    union = lapsed_union(world)
    flagged = SixHasItemFactory(organisation=union, item=SixHas.CHAIR, state=ItemState.MET)
    SixHasItemFactory(organisation=union, item=SixHas.ORGANISATION, state=ItemState.MET, override_reason="已核实")
    SixHasItemFactory(organisation=union, item=SixHas.RULES, state=ItemState.MET)  # the records allow it
    assert list(checks["six_has_1"].flagged()) == [flagged]
    assert not checks["six_has_2"].flagged().exists() and not checks["six_has_4"].flagged().exists()


# --- annual returns: derived at filing time, kept as filed ---------------------------------------------------
def test_return_is_filed_with_the_six_has_count_and_committees_the_records_give(client, world):
    union = union_under(world.county_a)
    RegistrationFactory(organisation=union, funds_committee_on=datetime.date(2020, 1, 1), women_committee_on=None)
    for item in (SixHas.VENUE, SixHas.RULES, SixHas.FUNDS):
        SixHasItemFactory(organisation=union, item=item, state=ItemState.MET)
    api = api_client(world.officer)
    data = {"organisation": union.pk, "year": 2025, "employees": 100, "members": 90, "six_has_met": 6,
            "funds_committee": False, "women_committee": True}  # fmt: skip
    assert api.post(reverse("api:annualreturn-list"), data, format="json").status_code == 201
    filed = AnnualReturn.objects.get()
    assert (filed.six_has_met, filed.funds_committee, filed.women_committee) == (3, True, False)
    # the form shows them as derived and does not take them from the person filing
    client.force_login(world.officer)
    form = client.get(reverse("unions:annualreturn_edit", args=[filed.pk])).context["form"]
    assert form.fields["six_has_met"].disabled and "自动得出" in str(form.fields["six_has_met"].help_text)


def test_return_page_says_where_the_records_now_differ(client, world):
    union = union_under(world.county_a)
    ret = annual_return_in(world.county_a, union=union, six_has_met=0)
    client.force_login(world.officer)
    page = client.get(ret.get_absolute_url()).content.decode()
    assert "现有记录已不同" not in page
    SixHasItemFactory(organisation=union, item=SixHas.VENUE, state=ItemState.MET)
    page = client.get(ret.get_absolute_url()).content.decode()
    assert "报表保留报送时的数字；现有记录已不同" in page and "六有达标项数：报送时 0，现在 1" in page
    assert list(checks["return_six_has"].flagged()) == [ret]


# --- the union's code is never its employer's ------------------------------------------------------------------
def union_with_code(world):
    return union_under(world.county_a, credit_code=valid_credit_code(4242))


def test_union_code_equal_to_employer_code_refused_at_the_form(client, world):
    union = union_with_code(world)
    client.force_login(world.officer)
    data = {"organisation": union.pk, "employer_name": "甲单位", "employees": "10", "members": "5",
            "chair_term_years": "5", "employer_credit_code": union.credit_code,
            "covered_employers-TOTAL_FORMS": "0", "covered_employers-INITIAL_FORMS": "0"}  # fmt: skip
    response = client.post(reverse("unions:registration_add"), data)
    assert "与工会自身的代码相同" in response.context["form"].errors["employer_credit_code"][0]
    assert not Registration.objects.exists()


def test_union_code_equal_to_employer_code_refused_at_the_import(client, world):
    union = union_with_code(world)
    client.force_login(world.officer)
    resource = RegistrationResource(user=None)
    row = {str(resource.fields[f].column_name): v for f, v in
           {"organisation": union.name, "employer_name": "甲单位", "employees": 10, "members": 5,
            "employer_credit_code": union.credit_code}.items()}  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, reverse("unions:registration_import"), [row])
    assert "与工会自身的代码相同" in client.get(response["Location"]).content.decode()
    assert not Registration.objects.exists()


def test_union_code_equal_to_employer_code_refused_at_the_api(world):
    union = union_with_code(world)
    data = {"organisation": union.pk, "employer_name": "甲单位", "employees": 10, "members": 5,
            "employer_credit_code": union.credit_code}  # fmt: skip
    response = api_client(world.officer).post(reverse("api:registration-list"), data, format="json")
    assert response.status_code == 400 and "与工会自身的代码相同" in str(response.json()["employer_credit_code"])


def test_employer_code_must_fit_the_kind_of_employer(world):
    union = union_under(world.county_a)
    data = {"organisation": union.pk, "employer_name": "甲一区人民医院", "employees": 10, "members": 5,
            "employer_ownership": "public", "employer_credit_code": valid_credit_code(77)}  # fmt: skip
    response = api_client(world.officer).post(reverse("api:registration-list"), data, format="json")
    assert response.status_code == 400 and "机关、事业单位" in str(response.json()["employer_credit_code"])


def test_joint_union_through_the_api_needs_its_other_units_first(world):
    union = union_under(world.county_a)
    api = api_client(world.officer)
    data = {"organisation": union.pk, "employer_name": "主单位", "employees": 10, "members": 5, "is_joint": True}
    response = api.post(reverse("api:registration-list"), data, format="json")
    assert response.status_code == 400 and "至少填写一个单位" in str(response.json()["is_joint"])
    created = api.post(reverse("api:registration-list"), {**data, "is_joint": False}, format="json").json()
    api.post(reverse("api:coveredemployer-list"), {"registration": created["id"], "name": "乙单位", "employees": 5},
             format="json")  # fmt: skip
    url = reverse("api:registration-detail", args=[created["id"]])
    assert api.patch(url, {"is_joint": True}, format="json").status_code == 200


def test_committee_over_members_saved_before_the_rule_is_flagged(world):
    registration = RegistrationFactory(organisation=union_under(world.county_a), members=5)
    Registration.objects.filter(pk=registration.pk).update(committee_members=9)
    assert list(checks["committee_over_members"].flagged()) == [registration]


def test_an_employer_code_that_does_not_fit_its_kind_is_flagged_for_every_kind(world):
    """The flag reads the validators' one table: a social organisation with an enterprise's code too."""
    fits = RegistrationFactory(organisation=union_under(world.county_a), employer_ownership="social",
                               employer_credit_code=valid_credit_code(7, kind="51"))  # fmt: skip
    wrong = RegistrationFactory(organisation=union_under(world.county_a), employer_ownership="private")
    Registration.objects.filter(pk=wrong.pk).update(
        employer_ownership="social", employer_credit_code=valid_credit_code(8)
    )
    assert list(checks["employer_code_kind"].flagged()) == [Registration.objects.get(pk=wrong.pk)]
    assert fits.pk != wrong.pk
