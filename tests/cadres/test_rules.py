"""Each rule of the cadre app at each door: the HTML form, the spreadsheet import and the API."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from cadres.choices import Grade
from cadres.grading import grade_for
from cadres.models import AppraisalIndicator, Cadre, CadreAppraisal, ContactAssignment, ContactLog
from core.testing import api_client, upload
from tests.factories import grassroots

from .factories import CadreFactory, indicators, make_appraisal, make_assignment
from .test_doors import management, org_cell


def import_page(client, url, rows):
    """Upload rows to an import page; the job page's text after the dry run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, url, rows)
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def tomorrow():
    return timezone.localdate() + timedelta(days=1)


# --- cadres: appointed date -------------------------------------------------------------------------------
CADRE_FORM = {
    "name": "任职测试",
    "gender": "male",
    "ethnicity": "han",
    "post": "chair",
    "employment": "part_time",
    "selection": "election",
    **management("trainings"),
}


class TestAppointedDate:
    def test_form_refuses_future_and_leave_before_appointment(self, client, world):
        client.force_login(world.officer)
        data = {**CADRE_FORM, "organisation": world.county_a.pk, "appointed_on": tomorrow().isoformat()}
        response = client.post(reverse("cadres:cadre_add"), data)
        assert response.status_code == 200
        assert "任职日期不能晚于今天" in response.content.decode()
        data.update(appointed_on="2022-05-01", left_on="2021-01-01")
        response = client.post(reverse("cadres:cadre_add"), data)
        assert "离任日期不能早于任职日期" in response.content.decode()
        assert not Cadre.objects.exists()

    def test_import_refuses_future(self, client, world):
        client.force_login(world.officer)
        row = {"所在工会": org_cell(world.county_a), "姓名": "未来干部", "性别": "女", "民族": "回族", "职务": "委员"}
        row.update({"任职类型": "兼职", "产生方式": "选举", "任职日期": tomorrow().isoformat()})
        page = import_page(client, reverse("cadres:cadre_import"), [row])
        assert "任职日期不能晚于今天" in page
        assert not Cadre.objects.exists()

    def test_api_refuses_future(self, world):
        data = {**CADRE_FORM, "organisation": world.county_a.pk, "appointed_on": tomorrow().isoformat()}
        response = api_client(world.officer).post(reverse("api:cadre-list"), data, format="json")
        assert response.status_code == 400
        assert "任职日期不能晚于今天" in str(response.json()["appointed_on"])

    def test_one_current_chair_per_union(self, client, world):
        chair = CadreFactory(organisation=world.county_a, name="现任主席")
        data = {**CADRE_FORM, "organisation": world.county_a.pk, "appointed_on": "2024-01-01", "name": "新主席"}
        response = api_client(world.officer).post(reverse("api:cadre-list"), data, format="json")
        assert response.status_code == 400 and "已有现任主席现任主席" in str(response.json()["post"])
        chair.left_on = date(2023, 12, 31)
        chair.save()
        assert api_client(world.officer).post(reverse("api:cadre-list"), data, format="json").status_code == 201

    def test_phone_is_validated(self, client, world):
        client.force_login(world.officer)
        data = {**CADRE_FORM, "organisation": world.county_a.pk, "appointed_on": "2022-01-01", "phone": "12345",
                "post": "member"}  # fmt: skip
        assert "不是有效的电话号码" in client.post(reverse("cadres:cadre_add"), data).content.decode()
        response = api_client(world.officer).post(reverse("api:cadre-list"), data, format="json")
        assert response.status_code == 400 and "phone" in response.json()
        for good in ("13812345678", "0971-8123456", "09718123456", "+86 139 1234 5678"):
            data["phone"] = good
            assert api_client(world.officer).post(reverse("api:cadre-list"), data, format="json").status_code == 201


# --- appraisals -----------------------------------------------------------------------------------------------
def score_form(cadre, scores, **extra):
    data = {"cadre": cadre.pk, "year": 2025, "appraised_on": "2026-01-20", **management("scores", total=len(scores))}
    for index, (indicator, score) in enumerate(scores):
        data[f"scores-{index}-indicator"] = indicator.pk
        data[f"scores-{index}-score"] = str(score)
    data.update(extra)
    return data


def import_row(cadre, scores, **extra):
    row = {"干部所在工会": org_cell(cadre.organisation), "干部姓名": cadre.name, "考核年度": 2025}
    row.update({indicator.name: str(score) for indicator, score in scores})
    row["考核日期"] = "2026-01-10"
    row.update(extra)
    return row


def api_body(cadre, scores, **extra):
    body = {"cadre": cadre.pk, "year": 2025, "appraised_on": "2026-01-20"}
    body["scores"] = [{"indicator": i.pk, "score": str(s)} for i, s in scores]
    body.update(extra)
    return body


def full_scores(share="1"):
    return [(i, (i.max_score * Decimal(share)).quantize(Decimal("0.1"))) for i in indicators()]


def too_high():
    scores = full_scores()
    first = scores[0][0]
    scores[0] = (first, first.max_score + 5)
    return scores, first


class TestScoreAtMostMax:
    def test_form(self, client, world):
        cadre = CadreFactory(organisation=world.county_a)
        scores, first = too_high()
        client.force_login(world.officer)
        body = client.post(reverse("cadres:cadreappraisal_add"), score_form(cadre, scores)).content.decode()
        assert f"“{first.name}”得分" in body and "超过该项满分" in body
        assert not CadreAppraisal.objects.exists()

    def test_import(self, client, world):
        cadre = CadreFactory(organisation=world.county_a)
        scores, first = too_high()
        client.force_login(world.officer)
        page = import_page(client, reverse("cadres:cadreappraisal_import"), [import_row(cadre, scores)])
        assert "超过该项满分" in page
        assert f"<td>{first.name}</td>" in page  # reported on the indicator's own column
        assert not CadreAppraisal.objects.exists()

    def test_api(self, world):
        cadre = CadreFactory(organisation=world.county_a)
        scores, _first = too_high()
        url = reverse("api:cadreappraisal-list")
        response = api_client(world.officer).post(url, api_body(cadre, scores), format="json")
        assert response.status_code == 400
        assert "超过该项满分" in str(response.json())
        assert not CadreAppraisal.objects.exists()

    def test_every_active_indicator_must_be_scored(self, world):
        cadre = CadreFactory(organisation=world.county_a)
        url = reverse("api:cadreappraisal-list")
        response = api_client(world.officer).post(url, api_body(cadre, full_scores()[1:]), format="json")
        assert response.status_code == 400
        assert "缺少" in str(response.json())


class TestOneAppraisalPerYear:
    def test_form(self, client, world):
        cadre = CadreFactory(organisation=world.county_a)
        make_appraisal(cadre)
        client.force_login(world.officer)
        body = client.post(reverse("cadres:cadreappraisal_add"), score_form(cadre, full_scores())).content.decode()
        assert "2025年度已有考核记录" in body
        assert CadreAppraisal.objects.count() == 1

    def test_import_against_stored_and_within_the_file(self, client, world):
        stored = CadreFactory(organisation=world.county_a)
        make_appraisal(stored)
        fresh = CadreFactory(organisation=world.county_a)
        client.force_login(world.officer)
        rows = [import_row(stored, full_scores()), import_row(fresh, full_scores()), import_row(fresh, full_scores())]
        page = import_page(client, reverse("cadres:cadreappraisal_import"), rows)
        assert page.count("2025年度已有考核记录") == 2  # the stored one, and the second row of the same cadre
        assert CadreAppraisal.objects.count() == 1

    def test_api(self, world):
        cadre = CadreFactory(organisation=world.county_a)
        make_appraisal(cadre)
        url = reverse("api:cadreappraisal-list")
        response = api_client(world.officer).post(url, api_body(cadre, full_scores()), format="json")
        assert response.status_code == 400
        assert "每名干部每年只考核一次" in str(response.json())


class TestGradeDerivation:
    @pytest.mark.parametrize(
        ("total", "grade"),
        [(100, Grade.EXCELLENT), (90, Grade.EXCELLENT), (89.5, Grade.COMPETENT), (75, Grade.COMPETENT),
         (74.5, Grade.BASIC), (60, Grade.BASIC), (59.5, Grade.INCOMPETENT), (0, Grade.INCOMPETENT)],
    )  # fmt: skip
    def test_thresholds(self, total, grade):
        assert grade_for(Decimal(str(total)), 100) == grade

    def test_thresholds_are_a_share_of_full_marks(self):
        assert grade_for(Decimal("45"), 50) == Grade.EXCELLENT
        assert grade_for(Decimal("37.5"), 50) == Grade.COMPETENT

    def test_settings_can_move_the_thresholds(self, settings):
        settings.CADRE_GRADE_THRESHOLDS = [(95, Grade.EXCELLENT), (60, Grade.COMPETENT)]
        assert grade_for(Decimal("92"), 100) == Grade.COMPETENT

    def test_form_derives_total_and_grade_and_override_needs_reason(self, client, world):
        cadre = CadreFactory(organisation=world.county_a)
        client.force_login(world.officer)
        url = reverse("cadres:cadreappraisal_add")
        response = client.post(url, score_form(cadre, full_scores("0.8")))
        assert response.status_code == 302
        appraisal = CadreAppraisal.objects.get()
        assert appraisal.total == Decimal("80") and appraisal.grade == Grade.COMPETENT
        assert appraisal.appraised_by == world.officer
        assert appraisal.scores.count() == len(indicators())
        assert appraisal.scores.first().history.get().history_user == world.officer
        other = CadreFactory(organisation=world.county_a)
        body = client.post(url, score_form(other, full_scores("0.8"), grade_override="basic")).content.decode()
        assert "调整考核等次时须填写理由" in body
        data = score_form(other, full_scores("0.8"), grade_override="basic", override_reason="受到通报批评")
        assert client.post(url, data).status_code == 302
        assert CadreAppraisal.objects.get(cadre=other).grade == Grade.BASIC

    def test_edit_recomputes(self, client, world):
        appraisal = make_appraisal(CadreFactory(organisation=world.county_a), share=Decimal("0.95"))
        assert appraisal.grade == Grade.EXCELLENT
        rows = list(appraisal.scores.select_related("indicator").order_by("indicator__order"))
        data = {"cadre": appraisal.cadre_id, "year": 2025, "appraised_on": "2026-01-15"}
        data.update(management("scores", total=len(rows), initial=len(rows)))
        for index, row in enumerate(rows):
            data.update({f"scores-{index}-id": row.pk, f"scores-{index}-appraisal": appraisal.pk})
            data.update({f"scores-{index}-indicator": row.indicator_id})
            data[f"scores-{index}-score"] = str((row.indicator.max_score / 2).quantize(Decimal("0.1")))
        client.force_login(world.officer)
        assert client.post(reverse("cadres:cadreappraisal_edit", args=[appraisal.pk]), data).status_code == 302
        appraisal.refresh_from_db()
        assert appraisal.total == Decimal("50") and appraisal.grade == Grade.INCOMPETENT

    def test_import_derives(self, client, world):
        cadre = CadreFactory(organisation=world.county_a)
        client.force_login(world.officer)
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = upload(client, reverse("cadres:cadreappraisal_import"), [import_row(cadre, full_scores("0.7"))])
        job_url = response["Location"]
        assert "校验通过" in client.get(job_url).content.decode()
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(job_url)
        appraisal = CadreAppraisal.objects.get()
        assert appraisal.total == Decimal("70") and appraisal.grade == Grade.BASIC
        assert appraisal.appraised_by == world.officer

    def test_api_derives_and_ignores_a_sent_grade(self, world):
        cadre = CadreFactory(organisation=world.county_a)
        url = reverse("api:cadreappraisal-list")
        body = api_body(cadre, full_scores("0.9"), grade="incompetent", total="3")
        response = api_client(world.officer).post(url, body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["total"] == "90.0" and response.json()["grade"] == "excellent"
        detail = reverse("api:cadreappraisal-detail", args=[response.json()["id"]])
        response = api_client(world.officer).patch(detail, {"grade_override": "competent"}, format="json")
        assert response.status_code == 400 and "override_reason" in response.json()
        response = api_client(world.officer).patch(
            detail, {"grade_override": "competent", "override_reason": "复核调整"}, format="json"
        )
        assert response.json()["grade"] == "competent" and response.json()["total"] == "90.0"

    def test_inactive_indicator_is_not_required(self, world):
        retired = AppraisalIndicator.objects.create(name="旧指标", max_score=10, active=False)
        cadre = CadreFactory(organisation=world.county_a)
        response = api_client(world.officer).post(
            reverse("api:cadreappraisal-list"), api_body(cadre, full_scores()), format="json"
        )
        assert response.status_code == 201
        assert not CadreAppraisal.objects.get().scores.filter(indicator=retired).exists()


# --- contact duty ------------------------------------------------------------------------------------------
class TestContactUnionInSubtree:
    """A township cadre may look after unions under the township, not those directly under the county."""

    def setup(self, world):
        cadre = CadreFactory(organisation=world.township_a)
        inside = grassroots(world.township_a, name="街道内工会")
        outside = grassroots(world.county_a, name="区直属工会")
        return cadre, inside, outside

    def test_form(self, client, world):
        cadre, inside, outside = self.setup(world)
        client.force_login(world.officer)
        url = reverse("cadres:contactassignment_add")
        body = client.post(url, {"cadre": cadre.pk, "union": outside.pk, "start_on": "2025-01-01"}).content.decode()
        assert "不在" in body and "管辖范围内" in body
        assert not ContactAssignment.objects.exists()
        assert client.post(url, {"cadre": cadre.pk, "union": inside.pk, "start_on": "2025-01-01"}).status_code == 302

    def test_import(self, client, world):
        cadre, _inside, outside = self.setup(world)
        client.force_login(world.officer)
        row = {"干部所在工会": world.township_a.name, "干部姓名": cadre.name, "联系的基层工会": outside.name}
        row["开始日期"] = "2025-01-01"
        page = import_page(client, reverse("cadres:contactassignment_import"), [row])
        assert "管辖范围内" in page
        assert not ContactAssignment.objects.exists()

    def test_api(self, world):
        cadre, _inside, outside = self.setup(world)
        body = {"cadre": cadre.pk, "union": outside.pk, "start_on": "2025-01-01"}
        response = api_client(world.officer).post(reverse("api:contactassignment-list"), body, format="json")
        assert response.status_code == 400
        assert "管辖范围内" in str(response.json()["union"])

    def test_union_outside_the_writers_scope_reads_as_missing(self, world):
        cadre = CadreFactory(organisation=world.county_a)
        foreign = grassroots(world.county_b)
        body = {"cadre": cadre.pk, "union": foreign.pk, "start_on": "2025-01-01"}
        response = api_client(world.officer).post(reverse("api:contactassignment-list"), body, format="json")
        assert response.status_code == 400 and "union" in response.json()
        assert foreign.name not in str(response.json())

    def test_overlapping_duplicate_refused(self, world):
        assignment = make_assignment(world.county_a)
        body = {"cadre": assignment.cadre_id, "union": assignment.union_id, "start_on": "2025-01-01"}
        response = api_client(world.officer).post(reverse("api:contactassignment-list"), body, format="json")
        assert response.status_code == 400 and "请勿重复安排" in str(response.json())


class TestLogNeedsAssignment:
    def setup(self, world):
        assignment = make_assignment(world.county_a, start_on=date(2025, 1, 1), end_on=date(2025, 6, 30))
        other = grassroots(world.county_a, name="未安排工会")
        return assignment, other

    def test_form(self, client, world):
        assignment, other = self.setup(world)
        client.force_login(world.officer)
        url = reverse("cadres:contactlog_add")
        data = {"cadre": assignment.cadre_id, "union": other.pk, "date": "2025-03-01", "way": "visit"}
        data["workers_reached"] = 5
        body = client.post(url, data).content.decode()
        assert "没有负责联系“未安排工会”的安排" in body
        data.update(union=assignment.union_id, date="2025-08-01")  # after the assignment ended
        assert "没有负责联系" in client.post(url, data).content.decode()
        assert not ContactLog.objects.exists()
        data["date"] = "2025-03-01"
        assert client.post(url, data).status_code == 302

    def test_import(self, client, world):
        assignment, other = self.setup(world)
        client.force_login(world.officer)
        row = {"干部所在工会": org_cell(world.county_a), "干部姓名": assignment.cadre.name}
        row.update({"联系的基层工会": other.name, "联系日期": "2025-03-01", "联系方式": "电话"})
        page = import_page(client, reverse("cadres:contactlog_import"), [row])
        assert "没有负责联系“未安排工会”的安排" in page
        assert not ContactLog.objects.exists()

    def test_api(self, world):
        assignment, other = self.setup(world)
        body = {"cadre": assignment.cadre_id, "union": other.pk, "date": "2025-03-01", "way": "online"}
        response = api_client(world.officer).post(reverse("api:contactlog-list"), body, format="json")
        assert response.status_code == 400
        assert "没有负责联系" in str(response.json()["union"])


class TestCadreImportMatchesByUnionAndName:
    def test_second_import_updates_instead_of_duplicating(self, client, world):
        from .test_doors import TestCadreDoors

        rows = TestCadreDoors().import_rows(world, world.county_a)
        client.force_login(world.officer)
        for attempt in range(2):
            if attempt:
                rows[0]["职务"] = "副主席"
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = upload(client, reverse("cadres:cadre_import"), rows)
            job_url = response["Location"]
            page = client.get(job_url).content.decode()
            assert "校验通过" in page, page
            with TestCase.captureOnCommitCallbacks(execute=True):
                client.post(job_url)
        assert Cadre.objects.count() == 2
        assert Cadre.objects.get(name="导入干部甲").post == "vice_chair"

    def test_cadre_named_in_another_sheet_by_union_and_name(self, client, world):
        namesake = CadreFactory(organisation=world.county_a, name="同名")
        CadreFactory(organisation=world.county_b, name="同名")
        client.force_login(world.officer)
        page = import_page(client, reverse("cadres:cadreappraisal_import"), [import_row(namesake, full_scores())])
        assert "校验通过" in page
        row = import_row(namesake, full_scores())
        row["干部所在工会"] = world.county_b.name
        page = import_page(client, reverse("cadres:cadreappraisal_import"), [row])
        assert "不在您的管理范围内" in page


def test_edit_form_offers_a_row_for_an_indicator_added_since(client, world):
    appraisal = make_appraisal(CadreFactory(organisation=world.county_a))
    added = AppraisalIndicator.objects.create(name="创新工作", max_score=5, order=99)
    client.force_login(world.officer)
    page = client.get(reverse("cadres:cadreappraisal_edit", args=[appraisal.pk])).content.decode()
    assert f'<option value="{added.pk}" selected>' in page
    page = client.get(reverse("cadres:cadreappraisal_add")).content.decode()
    assert page.count("selected>") >= len(indicators())
