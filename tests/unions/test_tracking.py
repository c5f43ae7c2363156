"""Tracking that no anchor system has: elections due, unorganised employers; the union page's 会 panel; demo."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.testing import api_client
from tests.factories import valid_credit_code
from tests.unions.factories import RegistrationFactory, UnorganisedEmployerFactory, annual_return_in, union_under
from unions.models import AnnualReturn, Registration, ReturnPeriod, SixHasItem, UnorganisedEmployer
from unions.services import missing_unions


def elected(years_ago, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years_ago) - datetime.timedelta(days=days)


@pytest.fixture
def terms(world):
    lapsed = RegistrationFactory(organisation=union_under(world.county_a), chair_elected_on=elected(5, 10),
                                 founded_on=datetime.date(2000, 1, 1))  # fmt: skip
    soon = RegistrationFactory(organisation=union_under(world.township_a), chair_elected_on=elected(3, -30),
                               chair_term_years=3, founded_on=datetime.date(2000, 1, 1))  # fmt: skip
    fresh = RegistrationFactory(organisation=union_under(world.county_a), chair_elected_on=elected(1))
    theirs = RegistrationFactory(organisation=union_under(world.county_b), chair_elected_on=elected(6),
                                 founded_on=datetime.date(2000, 1, 1))  # fmt: skip
    return lapsed, soon, fresh, theirs


def test_elections_due_lists_lapsed_and_soon_in_scope(client, world, terms):
    lapsed, soon, fresh, theirs = terms
    client.force_login(world.officer)
    response = client.get(reverse("unions:elections_due"))
    body = response.content.decode()
    assert lapsed.organisation.name in body and soon.organisation.name in body
    assert fresh.organisation.name not in body and theirs.organisation.name not in body
    assert "超期10天" in body and "30天后" in body
    body = client.get(reverse("unions:elections_due"), {"election": "lapsed"}).content.decode()
    assert lapsed.organisation.name in body and soon.organisation.name not in body
    csv = client.get(reverse("unions:elections_due"), {"export": "csv"}).content.decode("utf-8-sig")
    assert lapsed.organisation.name in csv and fresh.organisation.name not in csv

    rows = api_client(world.officer).get(reverse("api:registration-list"), {"election": "due"}).json()["results"]
    assert {row["id"] for row in rows} == {lapsed.pk, soon.pk}

    waiting = {i["label"]: i["count"] for i in client.get(reverse("home")).context["waiting"]}
    assert waiting["基层工会超期未换届"] == 1


def test_elections_due_queries_do_not_grow_with_rows(client, world, terms):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.prefecture_officer)
    url = reverse("unions:elections_due")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        RegistrationFactory(organisation=union_under(world.township_a), chair_elected_on=elected(5, 3),
                            founded_on=datetime.date(2000, 1, 1))  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["table"].rows) == 7
    assert len(many) == len(few)


def test_county_page_counts_elections_due(client, world, terms):
    client.force_login(world.prefecture_officer)
    body = client.get(world.county_a.get_absolute_url()).content.decode()
    assert "超期 1 个" in body and "90天内到期 1 个" in body


def test_union_page_shows_its_hui_at_a_glance(client, world):
    registration = RegistrationFactory(organisation=union_under(world.county_a), chair_name="卓玛")
    union = registration.organisation
    client.force_login(world.officer)
    body = client.get(union.get_absolute_url()).content.decode()
    assert "会：依法建会" in body and "卓玛" in body and "六有 0/6" in body and "未填报" in body
    assert "96 人 / 职工 100 人" in body and "入会率 96%" in body
    annual_return_in(world.county_a, year=timezone.localdate().year, union=union)
    body = client.get(union.get_absolute_url()).content.decode()
    assert "填报中" in body
    unregistered = union_under(world.county_a)
    body = client.get(unregistered.get_absolute_url()).content.decode()
    assert "尚未登记" in body and reverse("unions:registration_add") + f"?organisation={unregistered.pk}" in body


def test_unorganised_employer_established_links_the_new_union(client, world):
    employer = UnorganisedEmployerFactory(area=world.county_a, credit_code=valid_credit_code(4321))
    client.force_login(world.officer)
    url = reverse("unions:unorganisedemployer_edit", args=[employer.pk])
    data = {"area": world.county_a.pk, "name": employer.name, "status": "established",
            "credit_code": employer.credit_code}  # fmt: skip
    response = client.post(url, data)
    assert "请选择新建的基层工会" in str(response.context["form"].errors["union"])

    elsewhere = union_under(world.county_b)
    data["union"] = elsewhere.pk
    response = client.post(url, data)
    assert response.status_code == 200  # not a choice: outside the officer's scope
    employer.refresh_from_db()
    assert employer.status == "identified"

    new_union = union_under(world.township_a)
    data.update(union=new_union.pk, status_on=timezone.localdate().isoformat())
    assert client.post(url, data).status_code == 302
    employer.refresh_from_db()
    assert employer.status == "established" and employer.union == new_union
    body = client.get(employer.get_absolute_url()).content.decode()
    assert new_union.get_absolute_url() in body


def test_unorganised_employer_rules(world):
    api = api_client(world.officer)
    url = reverse("api:unorganisedemployer-list")
    response = api.post(url, {"area": world.county_a.pk, "name": "甲", "status": "preparing",
                              "union": union_under(world.county_a).pk}, format="json")  # fmt: skip
    assert response.status_code == 400 and "只有进展为“已建会”时" in str(response.json())
    grassroots = union_under(world.county_a)
    response = api.post(url, {"area": grassroots.pk, "name": "乙"}, format="json")
    assert response.status_code == 400
    code = valid_credit_code(999)
    assert (
        api.post(url, {"area": world.county_a.pk, "name": "丙", "credit_code": code}, format="json").status_code == 201
    )
    response = api.post(url, {"area": world.township_a.pk, "name": "丁", "credit_code": code}, format="json")
    assert response.status_code == 400 and "已在未建会单位名单中" in str(response.json())
    assert UnorganisedEmployer.objects.count() == 1
    organised = RegistrationFactory(organisation=union_under(world.county_a))
    response = api.post(url, {"area": world.county_a.pk, "name": "戊", "credit_code": organised.employer_credit_code},
                        format="json")  # fmt: skip
    assert response.status_code == 400 and "该单位已建立工会" in str(response.json())


def test_seed_demo_fills_hui_records_once(db):
    out = io.StringIO()
    call_command("seed_demo", "--grassroots", "120", stdout=out)
    assert "会：建会登记" in out.getvalue()
    counts = (Registration.objects.count(), SixHasItem.objects.count(), AnnualReturn.objects.count(),
              ReturnPeriod.objects.count(), UnorganisedEmployer.objects.count())  # fmt: skip
    assert counts[0] > 90 and all(counts)
    today = timezone.localdate()
    assert Registration.objects.filter(next_election_due__lt=today).exists()  # some lapsed
    assert Registration.objects.filter(next_election_due__gt=today).exists()
    states = set(SixHasItem.objects.values_list("state", flat=True))
    assert states == {"met", "partly", "not_met"}
    assert set(ReturnPeriod.objects.values_list("state", flat=True)) >= {"approved", "open"}
    assert UnorganisedEmployer.objects.filter(status="established", union__isnull=False).exists()
    from cadres.models import Cadre

    chairs = Cadre.objects.filter(post="chair", left_on__isnull=True, organisation__registration__isnull=False)
    assert chairs.exists()
    for chair in chairs.select_related("organisation__registration")[:100]:  # the registration and the team agree
        assert chair.name == chair.organisation.registration.chair_name
    for period in ReturnPeriod.objects.exclude(state="open"):  # a submitted period holds every union's return
        assert not missing_unions(period).exists(), period
    # every demo registration obeys the rules the forms enforce
    for registration in Registration.objects.select_related("organisation__parent__parent")[:200]:
        registration.full_clean()

    call_command("seed_demo", "--grassroots", "120", stdout=io.StringIO())
    assert counts == (Registration.objects.count(), SixHasItem.objects.count(), AnnualReturn.objects.count(),
                      ReturnPeriod.objects.count(), UnorganisedEmployer.objects.count())  # fmt: skip


def test_union_page_flags_a_chair_the_registration_and_the_team_disagree_on(client, world):
    from tests.cadres.factories import CadreFactory

    registration = RegistrationFactory(organisation=union_under(world.county_a), chair_name="王建华")
    CadreFactory(organisation=registration.organisation, name="李卫东")
    client.force_login(world.officer)
    body = client.get(registration.organisation.get_absolute_url()).content.decode()
    assert "建会登记中的主席是“王建华”，与现任主席不一致" in body
    registration.chair_name = "李卫东"
    registration.save()
    body = client.get(registration.organisation.get_absolute_url()).content.decode()
    assert "与现任主席不一致" not in body
