"""The maintained rollups (figures.rollups): after a write through any door — form, API, import, tree move,
dissolve, a raw queryset update — the dashboards, the API and the panel read the same figures as the live
definitions compute, only the areas written are rebuilt, and verify_rollups finds what a missed write leaves."""

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.testing import api_client, upload
from figures import rollups
from figures.models import FigureRollup, RollupState
from figures.registry import FIGURES
from orgs.models import Organisation
from orgs.services import organisation_dissolve, organisation_update
from stations.choices import StationStatus
from tests.factories import grassroots
from tests.stations.factories import ServiceStationFactory
from unions.models import Registration

from .factories import YEAR, build_figure_world


@pytest.fixture
def fw(world):
    return build_figure_world(world)


def api_values(user, org):
    response = api_client(user).get("/api/v1/figures/", {"organisation": org.pk, "year": YEAR})
    assert response.status_code == 200, response.content
    return {row["key"]: (row["value"], row["numerator"], row["denominator"]) for row in response.json()["results"]}


def assert_agrees(world):
    """Every subtree's figures over the API (read from the rollups) equal the live definitions', and
    verify_rollups finds nothing."""
    for org in Organisation.objects.filter(pk__in=[o.pk for o in (world.province, world.prefecture_a,
                                                                  world.prefecture_b, world.county_a,
                                                                  world.county_b, world.township_a)]):  # fmt: skip
        shown = api_values(world.admin, org)
        for key, figure in FIGURES.items():
            live = figure.compute(org, YEAR)
            assert shown[key] == (live.value, live.numerator, live.denominator), (org.name, key)
    call_command("verify_rollups", year=[YEAR])


def six_has(world, org):
    return api_values(world.admin, org)["six_has_rate"]


def test_every_door_keeps_the_rollups_exact(client, world, fw):
    assert_agrees(world)

    # a form: a new union's registration (members and employees)
    union = grassroots(world.township_a, "表单登记工会")
    client.force_login(world.officer)
    data = {
        "organisation": union.pk, "employer_name": "主单位", "employees": "40", "members": "30",
        "chair_term_years": "5", "covered_employers-TOTAL_FORMS": "0", "covered_employers-INITIAL_FORMS": "0",
    }  # fmt: skip
    assert client.post(reverse("unions:registration_add"), data).status_code == 302
    members = api_values(world.admin, world.county_a)["membership_rate"]
    assert members[1] == 90 + 50 + 30
    assert_agrees(world)

    # the API: the members changed
    registration = Registration.objects.get(organisation=union)
    url = reverse("api:registration-detail", args=[registration.pk])
    assert api_client(world.officer).patch(url, {"members": 35}, format="json").status_code == 200
    assert api_values(world.admin, world.county_a)["membership_rate"][1] == 90 + 50 + 35
    assert_agrees(world)

    # an import: a home (in use, not to the standard) counts in the denominator at once
    before = api_values(world.admin, world.county_a)["home_standard_rate"][2]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(
            client, reverse("homes:workershome_import"), [{"所属工会": union.name, "名称": "导入的职工之家"}]
        )
    job = response["Location"].rstrip("/").split("/")[-1]
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("core:importjob_detail", args=[job]))
    assert api_values(world.admin, world.county_a)["home_standard_rate"][2] == before + 1
    assert_agrees(world)

    # a tree move: the township and its unions go to the other county, and the station coverage with them
    ServiceStationFactory(host=world.township_a, status=StationStatus.ACTIVE)
    a_before, b_before = six_has(world, world.county_a), six_has(world, world.county_b)
    township = Organisation.objects.get(pk=world.township_a.pk)
    township.parent = Organisation.objects.get(pk=world.county_b.pk)
    organisation_update(actor=world.admin, instance=township)
    a_after, b_after = six_has(world, world.county_a), six_has(world, world.county_b)
    assert a_after[2] < a_before[2] and b_after[2] > b_before[2]
    assert a_after[2] + b_after[2] == a_before[2] + b_before[2]
    assert_agrees(world)

    # a dissolution: the union leaves every denominator
    before = six_has(world, world.county_b)[2]
    organisation_dissolve(actor=world.admin, organisation=Organisation.objects.get(pk=union.pk))
    assert six_has(world, world.county_b)[2] == before - 1
    assert_agrees(world)

    # a raw queryset update, which calls no service at all
    Registration.objects.filter(pk=fw.u5.registration.pk).update(members=5)
    assert api_values(world.admin, world.county_b)["membership_rate"][1] == 5 + 90 + 50
    assert_agrees(world)


def test_a_write_rebuilds_its_own_area_only(world, fw):
    rollups.ensure_current(YEAR)
    built = dict(RollupState.objects.filter(year=YEAR).values_list("area", "built"))
    grassroots(world.county_b, "新建的工会")
    assert rollups.ensure_current(YEAR) == 1
    after = dict(RollupState.objects.filter(year=YEAR).values_list("area", "built"))
    changed = {area for area in after if after[area] != built.get(area)}
    assert changed == {world.county_b.pk}
    assert rollups.ensure_current(YEAR) == 0


def test_verify_rollups_reports_a_difference_with_exit_status_1(world, fw, capsys):
    rollups.ensure_current(YEAR)
    row = FigureRollup.objects.filter(year=YEAR, figure="six_has_rate", group=0, bucket=world.township_a).get()
    FigureRollup.objects.filter(pk=row.pk).update(numerator=row.numerator + 7)  # no change stamp: a missed write
    with pytest.raises(SystemExit) as exit:
        call_command("verify_rollups", year=[YEAR])
    assert exit.value.code == 1
    out = capsys.readouterr()
    assert "six_has_rate" in out.out and "不一致" in out.err
    rollups.rebuild(YEAR)
    call_command("verify_rollups", year=[YEAR])


def test_a_dashboard_reads_a_fixed_number_of_queries(client, world, fw):
    client.force_login(world.province_staff)
    url = f"/dashboards/{world.province.pk}/?year={YEAR}"
    client.get(url)
    with CaptureQueriesContext(__import__("django.db").db.connection) as small:
        assert client.get(url).status_code == 200
    for n in range(30):
        grassroots(world.township_a if n % 2 else world.county_b, f"加测工会{n}")
    client.get(url)  # rebuilds the two areas
    with CaptureQueriesContext(__import__("django.db").db.connection) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_readers_rebuilding_at_once_store_each_row_once(postgres, world):
    """Two readers find the same areas stale at the same moment: the advisory lock lets one rebuild, the other
    finds them current once it has the lock, and no rollup row is stored twice."""
    import threading

    from django.db import connections

    build_figure_world(world)
    grassroots(world.county_b, "并发读取工会")
    errors, start = [], threading.Barrier(2)

    def read():
        try:
            start.wait(10)
            rollups.ensure_current(YEAR)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    keys = list(FigureRollup.objects.filter(year=YEAR).values_list("bucket", "figure", "group"))
    assert keys and len(keys) == len(set(keys))
    assert RollupState.objects.filter(year=YEAR).count() == len(rollups.area_levels())
    call_command("verify_rollups", year=[YEAR])
