"""The acceptance workflow and its rules through the API: who may act (403), what is refused (400, naming the
field or rule), what is out of scope (404), and the lock on accepted reports."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.models import AcceptanceReport, ReportItem
from core.testing import api_client

from . import factories as f

FULL = [40, 20, 20, 20, 3]


@pytest.fixture
def setup(world):
    union = f.union(world.county_a, "甲一公司工会")
    report = f.report(union, owner=world.province, inspectors=[world.inspector])
    items = list(report.rubric.items.order_by("order"))
    return world, report, items


def url(name, report, *args):
    return reverse(f"api:acceptancereport-{name}", args=[report.pk, *args])


def patch_item(user, report, item, **data):
    return api_client(user).patch(url("item", report, item.pk), data, format="json")


def post(user, report, action, **data):
    return api_client(user).post(url(action, report), data, format="json")


def self_assess(world, report, items, scores=FULL):
    for item, score in zip(items, scores, strict=True):
        assert patch_item(world.officer, report, item, self_score=str(score), note="已落实").status_code == 200


def inspector_scores(world, report, items, scores=FULL):
    for item, score in zip(items, scores, strict=True):
        assert patch_item(world.inspector, report, item, accepted_score=str(score)).status_code == 200


def test_contract_fields(setup):
    world, report, items = setup
    body = api_client(world.officer).get(reverse("api:acceptancereport-detail", args=[report.pk])).json()
    for key in ("id", "organisation", "year", "rubric", "state", "inspectors", "self_total", "accepted_total", "grade",
                "gate_failed"):  # fmt: skip
        assert key in body
    assert body["state"] == "draft" and body["inspectors"] == [world.inspector.pk]
    rubric = api_client(world.officer).get(reverse("api:rubric-detail", args=[report.rubric_id])).json()
    assert {"id", "group", "text", "max_score", "is_gate", "is_bonus"} <= set(rubric["items"][0])
    rows = api_client(world.officer).get(url("items", report)).json()
    assert [row["item"] for row in rows] == [item.pk for item in items]
    listing = api_client(world.officer).get(reverse("api:acceptancereport-list")).json()
    assert listing["count"] == 1 and "results" in listing


def test_full_workflow_with_history(setup):
    world, report, items = setup
    self_assess(world, report, items)
    assert post(world.officer, report, "submit").json()["state"] == "submitted"
    inspector_scores(world, report, items, [40, 18, 20, 15, 2])
    body = post(world.inspector, report, "score").json()
    assert body["state"] == "scored"
    assert Decimal(body["self_total"]) == Decimal("103") and Decimal(body["accepted_total"]) == Decimal("95")
    assert body["grade"] == "优秀" and body["gate_failed"] is False
    body = post(world.prefecture_officer, report, "accept", comment="同意").json()
    assert body["state"] == "accepted"
    steps = [
        (h.state, h.history_user) for h in AcceptanceReport.objects.get(pk=report.pk).history.order_by("history_id")
    ]
    assert ("submitted", world.officer) in steps and ("scored", world.inspector) in steps
    assert ("accepted", world.prefecture_officer) in steps
    row = ReportItem.objects.get(report=report, item=items[1])
    assert row.history.first().history_user == world.inspector


def test_gate_bonus_deduction_and_grade(setup):
    world, report, items = setup
    self_assess(world, report, items)
    post(world.officer, report, "submit")
    inspector_scores(world, report, items, [39, 20, 20, 20, 3])  # the gate misses one point
    for item in items[:3]:
        patch_item(world.inspector, report, item, spot_check_failed=True)
    report.refresh_from_db()
    # 102 - 3 spot-check failures × 1 point (cap 4) = 99; but the gate failed, so the lowest grade
    assert report.accepted_total == Decimal("99") and report.gate_failed and report.grade == "不合格"
    patch_item(world.inspector, report, items[0], accepted_score="40")
    for item in items[3:]:
        patch_item(world.inspector, report, item, spot_check_failed=True)
    report.refresh_from_db()
    assert report.accepted_total == Decimal("99")  # 103 - min(5 × 1, 4)
    assert not report.gate_failed and report.grade == "优秀"


@pytest.mark.parametrize(
    ("value", "field"), [("20.5", "self_score"), ("-1", "self_score"), ("abc", "self_score"), ("1.25", "self_score")]
)
def test_bad_scores_are_400_and_change_nothing(setup, value, field):
    world, report, items = setup
    response = patch_item(world.officer, report, items[1], **{field: value})
    assert response.status_code == 400 and field in response.json()
    assert ReportItem.objects.get(report=report, item=items[1]).self_score is None


def test_item_of_another_rubric_is_400(setup):
    world, report, items = setup
    other = f.rubric(world.province).items.first()
    response = patch_item(world.officer, report, other, self_score="1")
    assert response.status_code == 400 and "item" in response.json()


def test_roles_that_may_not_act_are_403(setup):
    world, report, items = setup
    # an inspector does not self-assess; the union side does not write 验收分
    assert patch_item(world.inspector, report, items[0], self_score="40").status_code == 403
    self_assess(world, report, items)
    post(world.officer, report, "submit")
    response = patch_item(world.officer, report, items[0], accepted_score="40")
    assert response.status_code == 403
    # an inspector who reads the subtree but is not assigned grants nothing
    from tests.factories import user_with_role

    other = user_with_role("inspector2", "inspector", world.prefecture_a)
    assert patch_item(other, report, items[0], accepted_score="40").status_code == 403
    assert post(other, report, "score").status_code == 403
    inspector_scores(world, report, items)
    post(world.inspector, report, "score")
    # no one accepts their own self-assessment; a county officer is not above itself
    response = post(world.officer, report, "accept")
    assert response.status_code == 403
    assert post(world.viewer, report, "accept").status_code == 403


def test_out_of_scope_is_404(setup):
    world, report, items = setup
    assert patch_item(world.outsider, report, items[0], self_score="1").status_code == 404
    assert post(world.outsider, report, "submit").status_code == 404
    assert api_client(world.outsider).get(url("pdf", report)).status_code == 404


def test_state_rules_are_400_naming_the_rule(setup):
    world, report, items = setup
    response = post(world.officer, report, "submit")
    assert response.status_code == 400 and "self_score" in response.json()
    self_assess(world, report, items)
    post(world.officer, report, "submit")
    response = patch_item(world.officer, report, items[0], self_score="30")
    assert response.status_code == 400 and "self_score" in response.json()
    response = post(world.inspector, report, "score")
    assert response.status_code == 400 and "accepted_score" in response.json()
    response = post(world.prefecture_officer, report, "return")
    assert response.status_code == 400 and "comment" in response.json()
    assert post(world.prefecture_officer, report, "return", comment="佐证不足").json()["state"] == "returned"
    # back to the union: it may change its self-assessment again
    assert patch_item(world.officer, report, items[0], self_score="38").status_code == 200


def test_accepted_report_is_locked_and_the_accepting_level_reopens(setup):
    world, report, items = setup
    self_assess(world, report, items)
    post(world.officer, report, "submit")
    inspector_scores(world, report, items)
    post(world.inspector, report, "score")
    post(world.prefecture_officer, report, "accept")
    response = patch_item(world.inspector, report, items[0], accepted_score="30")
    assert response.status_code == 403 and "锁定" in response.json()["detail"]
    response = api_client(world.officer).patch(
        reverse("api:acceptancereport-detail", args=[report.pk]), {"year": 2024}, format="json"
    )
    assert response.status_code == 403 and "锁定" in response.json()["detail"]
    assert post(world.officer, report, "reopen", comment="x").status_code == 403
    assert post(world.prefecture_officer, report, "reopen").status_code == 400
    assert post(world.prefecture_officer, report, "reopen", comment="分数录错").json()["state"] == "submitted"
    assert patch_item(world.inspector, report, items[0], accepted_score="39").status_code == 200


def test_html_doors_share_the_lock(setup, client):
    world, report, items = setup
    self_assess(world, report, items)
    post(world.officer, report, "submit")
    inspector_scores(world, report, items)
    post(world.inspector, report, "score")
    post(world.province_staff, report, "accept")
    client.force_login(world.officer)
    assert client.get(reverse("assessment:acceptancereport_edit", args=[report.pk])).status_code == 403
    response = client.post(reverse("assessment:report_item_save", args=[report.pk, items[0].pk]), {"self_score": "1"})
    assert response.status_code == 403 and "锁定" in response.json()["errors"]["__all__"][0]


def test_rubric_in_use_is_frozen_and_new_version_copies(setup):
    world, report, items = setup
    rubric_url = reverse("api:rubric-detail", args=[report.rubric_id])
    response = api_client(world.province_staff).patch(rubric_url, {"name": "改名"}, format="json")
    assert response.status_code == 403 and "冻结" in response.json()["detail"]
    response = api_client(world.province_staff).post(reverse("api:rubric-new-version", args=[report.rubric_id]))
    assert response.status_code == 201
    copy = response.json()
    assert copy["version"] == 2 and len(copy["items"]) == len(items) and not copy["frozen"]
    from assessment.models import RubricItem

    item = RubricItem.objects.filter(rubric=report.rubric).first()
    item.text = "改动"
    from django.core.exceptions import ValidationError

    from assessment import acceptance_services as services

    with pytest.raises(Exception) as exc:
        services.rubric_part_save(actor=world.province_staff, instance=item)
    assert isinstance(exc.value, ValidationError | PermissionError) or "冻结" in str(exc.value)


def test_inspectors_must_read_the_union(world):
    union = f.union(world.county_b)
    response = api_client(world.outsider).post(
        reverse("api:acceptancereport-list"),
        {
            "organisation": union.pk,
            "year": 2025,
            "rubric": f.rubric(world.province).pk,
            "inspectors": [world.inspector.pk],
        },
        format="json",
    )
    assert response.status_code == 400 and "inspectors" in response.json()
    assert not AcceptanceReport.objects.filter(organisation=union).exists()


def test_rectification_flow(world):
    rect = f.rectification(f.union(world.county_a), inspectors=[world.inspector])
    base = "api:rectification-"
    # the inspector does not answer for the union; the union does not verify
    answer = reverse(base + "answer", args=[rect.pk])
    verify = reverse(base + "verify", args=[rect.pk])
    reopen = reverse(base + "reopen", args=[rect.pk])
    assert api_client(world.inspector).post(answer, {"answer": "已整改"}).status_code == 403
    assert api_client(world.officer).post(answer, {"answer": ""}).status_code == 400
    assert api_client(world.officer).post(answer, {"answer": "已补齐"}).json()["status"] == "done"
    assert api_client(world.officer).post(verify).status_code == 403
    assert api_client(world.inspector).post(reopen, {"note": ""}).status_code == 400
    assert api_client(world.inspector).post(reopen, {"note": "照片不清"}).json()["status"] == "reopened"
    api_client(world.officer).post(answer, {"answer": "重新拍照"})
    body = api_client(world.inspector).post(verify).json()
    assert body["status"] == "verified" and body["overdue"] is False
    assert api_client(world.outsider).post(answer, {"answer": "x"}).status_code == 404


def test_overdue_rectifications_are_flagged(world):
    import datetime

    from assessment.selectors import rectifications_due

    late = f.rectification(f.union(world.county_a), deadline=datetime.date.today() - datetime.timedelta(days=1))
    f.rectification(f.union(world.county_a), deadline=datetime.date.today() + datetime.timedelta(days=60))
    body = api_client(world.officer).get(reverse("api:rectification-list"), {"overdue": "true"}).json()
    assert [row["id"] for row in body["results"]] == [late.pk] and body["results"][0]["overdue"] is True
    assert list(rectifications_due(user=world.officer)) == [late]
    assert list(rectifications_due(user=world.outsider)) == []


def test_findings_only_by_assigned_inspectors(world):
    from tests.factories import user_with_role

    inspection = f.inspection(f.union(world.county_a), inspectors=[world.inspector])
    url_ = reverse("api:finding-list")
    other = user_with_role("inspector3", "inspector", world.prefecture_a)
    assert api_client(other).post(url_, {"inspection": inspection.pk, "text": "x"}, format="json").status_code == 400
    # the union side runs the plan but does not record findings: a role that may not act
    assert (
        api_client(world.officer).post(url_, {"inspection": inspection.pk, "text": "x"}, format="json").status_code
        == 403
    )
    response = api_client(world.inspector).post(url_, {"inspection": inspection.pk, "text": "台账缺失"}, format="json")
    assert response.status_code == 201 and response.json()["recorded_by"] == world.inspector.pk
    foreign = f.rubric(world.province).items.first()
    response = api_client(world.inspector).post(
        url_, {"inspection": inspection.pk, "text": "x", "item": foreign.pk}, format="json"
    )
    assert response.status_code == 400 and "item" in response.json()


def test_pdf_has_embedded_chinese_font(setup):
    world, report, items = setup
    self_assess(world, report, items)
    response = api_client(world.inspector).get(url("pdf", report))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF") and b"/FontFile2" in content  # the TrueType font is embedded
    assert len(content) < 200_000  # a subset, not the whole 5 MB font


def test_results_pdf_small_in_request_large_as_job(setup, client, settings):
    from django.test import TestCase

    from core.models import ExportJob

    world, report, items = setup
    client.force_login(world.prefecture_officer)
    list_url = reverse("assessment:acceptancereport_list")
    response = client.get(list_url, {"export": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    settings.EXPORT_PDF_SYNC_LIMIT = 0
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(list_url, {"export": "pdf"})
    assert response.status_code == 302
    job = ExportJob.objects.get(user=world.prefecture_officer)
    assert job.state == "done" and job.fmt == "pdf" and job.file.read().startswith(b"%PDF")
