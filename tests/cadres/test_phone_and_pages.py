"""Phones are shown in full only to those who may edit the cadre: lists, exports, the API, the detail page and
its history. Also the union page's panels, search and the demo filler."""

from datetime import date
from io import StringIO

from django.urls import reverse

from cadres.demo import fill_demo
from cadres.models import Cadre, CadreAppraisal, CadreTraining, ContactAssignment, ContactLog
from cadres.validators import mask_phone
from core.services import record_update
from core.testing import api_client
from orgs.choices import Level
from tests.factories import OrganisationFactory, grassroots

from .factories import CadreFactory, make_appraisal, make_assignment, make_log

FULL = "13987654321"
MASKED = "139****4321"


def test_mask_rule():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0971-8123456") == "097****3456"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "****"


class TestPhoneMasking:
    """officer writes county_a; viewer and inspector read it; prefecture_officer writes above it."""

    def test_list(self, client, world):
        CadreFactory(organisation=world.county_a, phone=FULL)
        for user, shown, hidden in (
            (world.officer, FULL, MASKED),
            (world.prefecture_officer, FULL, MASKED),
            (world.admin, FULL, MASKED),
            (world.viewer, MASKED, FULL),
            (world.inspector, MASKED, FULL),
        ):
            client.force_login(user)
            body = client.get(reverse("cadres:cadre_list")).content.decode()
            assert shown in body and hidden not in body, user

    def test_export_csv_and_xlsx(self, client, world):
        CadreFactory(organisation=world.county_a, phone=FULL)
        client.force_login(world.viewer)
        text = client.get(reverse("cadres:cadre_list"), {"export": "csv"}).content.decode("utf-8-sig")
        assert MASKED in text and FULL not in text
        client.force_login(world.officer)
        text = client.get(reverse("cadres:cadre_list"), {"export": "csv"}).content.decode("utf-8-sig")
        assert FULL in text

    def test_export_job_masks_too(self, client, world, settings):
        """A large export is rebuilt by a worker from the saved filter; the mask must survive that path."""
        from django.test import TestCase

        from core.models import ExportJob

        settings.EXPORT_SYNC_LIMIT = 0
        CadreFactory(organisation=world.county_a, phone=FULL)
        client.force_login(world.viewer)
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.get(reverse("cadres:cadre_list"), {"export": "csv"})
        assert response.status_code == 302
        job = ExportJob.objects.get()
        content = job.file.open("rb").read().decode("utf-8-sig")
        assert MASKED in content and FULL not in content

    def test_api_list_and_detail(self, world):
        cadre = CadreFactory(organisation=world.county_a, phone=FULL)
        detail = reverse("api:cadre-detail", args=[cadre.pk])
        for user, expected in ((world.officer, FULL), (world.viewer, MASKED), (world.inspector, MASKED)):
            rows = api_client(user).get(reverse("api:cadre-list")).json()["results"]
            assert rows[0]["phone"] == expected, user
            assert api_client(user).get(detail).json()["phone"] == expected, user

    def test_detail_page_and_history(self, client, world):
        cadre = CadreFactory(organisation=world.county_a, phone="13800001111")
        cadre.phone = FULL
        record_update(actor=world.officer, instance=cadre)
        for user, shown, hidden in ((world.officer, FULL, MASKED), (world.viewer, MASKED, FULL)):
            client.force_login(user)
            body = client.get(reverse("cadres:cadre_detail", args=[cadre.pk])).content.decode()
            assert shown in body and hidden not in body, user
            history = client.get(reverse("cadres:cadre_history", args=[cadre.pk])).content.decode()
            assert shown in history and hidden not in history, user
        client.force_login(world.viewer)
        assert "13800001111" not in client.get(reverse("cadres:cadre_history", args=[cadre.pk])).content.decode()


class TestUnionPagePanels:
    def test_cadre_team_panel(self, client, world):
        staff = CadreFactory(organisation=world.county_a, name="王干事", post="staff", employment="full_time")
        chair = CadreFactory(organisation=world.county_a, name="马主席", post="chair", employment="full_time")
        CadreFactory(organisation=world.county_a, name="已离任者", left_on=date(2024, 1, 1))
        CadreTraining.objects.create(cadre=chair, date=date(2022, 5, 1), course="主席培训", hours=40)
        make_appraisal(chair)
        client.force_login(world.viewer)
        body = client.get(reverse("orgs:organisation_detail", args=[world.county_a.pk])).content.decode()
        assert "干部队伍" in body
        assert body.index("马主席") < body.index("王干事")  # chair first
        assert "已离任者" not in body
        assert "现任干部 2 人，其中专职 2 人；参加过培训 1 人（50%）" in body
        assert "2025 称职" in body
        assert f"?organisation={world.county_a.pk}&current=1" in body
        assert staff.pk

    def test_contact_panel_on_grassroots_only(self, client, world):
        assignment = make_assignment(world.county_a)
        make_log(world.county_a, assignment=assignment, day=date(2025, 4, 3))
        client.force_login(world.officer)
        body = client.get(reverse("orgs:organisation_detail", args=[assignment.union_id])).content.decode()
        assert "联系干部" in body and assignment.cadre.name in body and "2025-04-03" in body
        county = client.get(reverse("orgs:organisation_detail", args=[world.county_a.pk])).content.decode()
        assert "尚未安排干部联系本工会" not in county

    def test_filtered_list_link_works(self, client, world):
        CadreFactory(organisation=world.county_a, name="本级干部")
        CadreFactory(organisation=world.township_a, name="下级干部")
        client.force_login(world.officer)
        body = client.get(reverse("cadres:cadre_list"), {"organisation": world.county_a.pk, "current": "1"})
        assert "本级干部" in body.content.decode() and "下级干部" not in body.content.decode()
        body = client.get(reverse("cadres:cadre_list"), {"within": world.county_a.pk}).content.decode()
        assert "本级干部" in body and "下级干部" in body


def test_search_finds_cadres_in_scope_only(client, world):
    CadreFactory(organisation=world.county_a, name="才让多杰")
    CadreFactory(organisation=world.county_b, name="才让卓玛")
    client.force_login(world.officer)
    body = client.get(reverse("core:search"), {"q": "才让"}).content.decode()
    assert "才让多杰" in body and "才让卓玛" not in body


def test_menu_has_the_cadre_pages(client, world):
    client.force_login(world.viewer)
    body = client.get("/").content.decode()
    for name in ("cadre_list", "cadreappraisal_list", "contactassignment_list", "contactlog_list"):
        assert reverse(f"cadres:{name}") in body


def test_demo_filler_is_deterministic_and_idempotent(world):
    for index in range(30):
        grassroots(world.township_a if index % 2 else world.county_a, name=f"演示企业{index}工会")
    OrganisationFactory(name="演示县总工会", level=Level.COUNTY, parent=world.prefecture_b)
    models = (Cadre, CadreTraining, CadreAppraisal, ContactAssignment, ContactLog)
    fill_demo(seed=7, stdout=StringIO())
    first = {m: m.objects.count() for m in models}
    assert first[Cadre] > 30 and first[CadreAppraisal] > 0 and first[ContactAssignment] > 0
    snapshot = sorted(Cadre.objects.values_list("organisation_id", "name", "post", "phone"))
    fill_demo(seed=7, stdout=StringIO())
    assert {m: m.objects.count() for m in models} == first
    # Deterministic: the same seed on the same tree gives the same people.
    for model in reversed(models):
        model.objects.all().delete()
    fill_demo(seed=7, stdout=StringIO())
    assert sorted(Cadre.objects.values_list("organisation_id", "name", "post", "phone")) == snapshot
    assert {m: m.objects.count() for m in models} == first
    # The demo rows obey the models' own rules.
    for cadre in Cadre.objects.all()[:50]:
        cadre.full_clean()
    for log in ContactLog.objects.all():
        log.full_clean()
    for assignment in ContactAssignment.objects.all():
        assignment.full_clean()
