"""One write for a registration and its other units (services.registration_save): the form hands it the rows it
shows, the API and the import the stored ones; each door reaches the same joint-union rules through it, and
each write validates the registration once."""

from unittest import mock

from django.test import TestCase
from django.urls import reverse

from core.testing import api_client, upload
from tests.factories import invalid_credit_code
from tests.unions.factories import union_under
from unions.models import CoveredEmployer, Registration
from unions.resources import RegistrationResource


def form_data(union, members, rows=(), stored=()):
    """The registration form as the browser posts it: `stored` rows ((pk, name, employees)) first, then new."""
    data = {
        "organisation": union.pk, "employer_name": "主单位", "employees": "10", "members": str(members),
        "is_joint": "on", "chair_term_years": "5",
        "covered_employers-TOTAL_FORMS": str(len(stored) + len(rows)),
        "covered_employers-INITIAL_FORMS": str(len(stored)),
    }  # fmt: skip
    for index, (pk, name, employees) in enumerate(stored):
        data.update({f"covered_employers-{index}-id": str(pk), f"covered_employers-{index}-name": name,
                     f"covered_employers-{index}-employees": str(employees)})  # fmt: skip
    for index, (name, employees) in enumerate(rows, start=len(stored)):
        data.update({f"covered_employers-{index}-name": name, f"covered_employers-{index}-employees": str(employees)})
    return data


def counting(method_name):
    """Patch Registration.<method_name> to count its calls while still running it."""
    original = getattr(Registration, method_name)
    calls = []

    def wrapper(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    return mock.patch.object(Registration, method_name, wrapper), calls


def api_joint_union(world, union):
    """A joint union made through the API: registration first, then its two other units (8 + 9 workers)."""
    api = api_client(world.officer)
    body = {"organisation": union.pk, "employer_name": "主单位", "employees": 10, "members": 5}
    created = api.post(reverse("api:registration-list"), body, format="json")
    assert created.status_code == 201, created.json()
    for name, employees in (("小店甲", 8), ("小店乙", 9)):
        row = {"registration": created.json()["id"], "name": name, "employees": employees}
        assert api.post(reverse("api:coveredemployer-list"), row, format="json").status_code == 201
    return api, Registration.objects.get(pk=created.json()["id"])


def test_api_and_form_reach_the_same_member_rule_through_the_service(client, world):
    """27 workers over three units: 30 members are refused with the same words by the API (stored units) and the
    form (the rows on the page), 25 are accepted by both."""
    union = union_under(world.county_a)
    api, registration = api_joint_union(world, union)
    url = reverse("api:registration-detail", args=[registration.pk])
    refused = api.patch(url, {"members": 30, "is_joint": True}, format="json")
    assert refused.status_code == 400
    api_message = refused.json()["members"][0]
    assert "不能多于职工人数（27）" in api_message

    client.force_login(world.officer)
    stored = [(e.pk, e.name, e.employees) for e in registration.covered_employers.order_by("pk")]
    edit = reverse("unions:registration_edit", args=[registration.pk])
    response = client.post(edit, form_data(union, 30, stored=stored))
    assert response.status_code == 200
    assert response.context["form"].errors["members"] == [api_message]
    registration.refresh_from_db()
    assert (registration.members, registration.is_joint) == (5, False)

    assert api.patch(url, {"members": 25, "is_joint": True}, format="json").status_code == 200
    assert client.post(edit, form_data(union, 26, stored=stored)).status_code == 302
    registration.refresh_from_db()
    assert (registration.members, registration.is_joint) == (26, True)


def test_the_form_counts_the_rows_on_the_page_not_the_stored_ones(client, world):
    """Removing a unit on the page counts at once: its workers no longer make up the members, and a joint union
    left without units is refused; nothing is deleted when the save is refused."""
    union = union_under(world.county_a)
    _api, registration = api_joint_union(world, union)
    Registration.objects.filter(pk=registration.pk).update(is_joint=True, members=20)
    client.force_login(world.officer)
    first, second = registration.covered_employers.order_by("pk")
    edit = reverse("unions:registration_edit", args=[registration.pk])
    data = form_data(union, 20, stored=[(first.pk, first.name, 8), (second.pk, second.name, 9)])
    data["covered_employers-1-DELETE"] = "on"  # 10 + 8 = 18 workers left for 20 members
    response = client.post(edit, data)
    assert "不能多于职工人数（18）" in response.context["form"].errors["members"][0]
    data["covered_employers-0-DELETE"] = "on"
    data["members"] = "5"
    response = client.post(edit, data)
    assert "至少填写一个单位" in response.context["form"].errors["is_joint"][0]
    assert registration.covered_employers.count() == 2

    data.pop("covered_employers-0-DELETE")
    assert client.post(edit, data).status_code == 302
    assert list(registration.covered_employers.values_list("name", flat=True)) == ["小店甲"]
    assert CoveredEmployer.history.filter(history_type="-", name="小店乙").get().history_user == world.officer


def test_a_bad_unit_row_is_refused_with_its_name_and_nothing_is_saved(client, world):
    union = union_under(world.county_a)
    client.force_login(world.officer)
    data = form_data(union, 12, rows=[("小店甲", 8)])
    data["covered_employers-0-credit_code"] = invalid_credit_code(3)
    response = client.post(reverse("unions:registration_add"), data)
    assert response.status_code == 200
    assert "其他覆盖单位“小店甲”" in str(response.context["form"].non_field_errors())
    assert not Registration.objects.exists() and not CoveredEmployer.objects.exists()


def test_each_door_validates_a_registration_once(client, world):
    """The form leaves validation to the service and the API calls the same service: one full_clean and one pass
    of the joint-union rules per write. The import checks its rows set-based: each row's own rules once and the
    batch's joint-union rules once (Registration.clean_rows), never the per-row full_clean."""
    client.force_login(world.officer)
    patch_clean, cleans = counting("full_clean")
    patch_rules, rules = counting("clean_with")
    patch_row, row_checks = counting("clean_row")
    original_rows = Registration.clean_rows.__func__
    batches = []

    def counting_rows(cls, instances, *args, **kwargs):
        batches.append(list(instances))
        return original_rows(cls, batches[-1], *args, **kwargs)

    patch_rows = mock.patch.object(Registration, "clean_rows", classmethod(counting_rows))
    with patch_clean, patch_rules, patch_row, patch_rows:
        response = client.post(reverse("unions:registration_add"), form_data(union_under(world.county_a), 12,
                                                                             rows=[("小店甲", 8)]))  # fmt: skip
        assert response.status_code == 302
        assert (len(cleans), len(rules)) == (1, 1)

        body = {"organisation": union_under(world.county_a).pk, "employer_name": "乙", "employees": 10, "members": 5}
        assert api_client(world.officer).post(reverse("api:registration-list"), body, format="json").status_code == 201
        assert (len(cleans), len(rules)) == (2, 2)

        columns = RegistrationResource(user=None).fields
        row = {str(columns["organisation"].column_name): union_under(world.county_a).name,
               str(columns["employer_name"].column_name): "丙", str(columns["employees"].column_name): 10,
               str(columns["members"].column_name): 5}  # fmt: skip
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = upload(client, reverse("unions:registration_import"), [row])  # the checking pass
        assert "校验通过" in client.get(response["Location"]).content.decode()
        assert (len(cleans), len(rules)) == (2, 2)  # the import did not go row by row
        assert [len(batch) for batch in batches[-1:]] == [1] and len(batches) == 3  # form, API, one import batch
        assert [r.employer_name for r in row_checks[-1:]] == ["丙"]
    assert Registration.objects.count() == 2
