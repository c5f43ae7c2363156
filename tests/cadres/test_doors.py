"""The shared battery, applied to the cadre app's four models."""

from datetime import date

from cadres.models import Cadre, CadreAppraisal, ContactAssignment, ContactLog
from core.testing import ModelTestBattery
from tests.factories import grassroots

from .factories import CadreFactory, indicators, make_appraisal, make_assignment, make_log


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def org_cell(org):
    return org.division_code or org.name


class NamedInExport:
    """Exports have one column per field, so a record is found there by the name of its cadre rather than by its
    title (“马海军 2025年度考核”), which no single cell holds."""

    def export_text(self, obj):
        return obj.cadre.name

    def test_export_carries_only_what_is_in_scope(self, client, world):
        mine = self.make(world, world.county_a)
        theirs = self.make(world, world.county_b)
        self.login(client, world.officer)
        for fmt in ("csv", "xlsx"):
            response = client.get(self.url("list"), {"export": fmt})
            assert response.status_code == 200
            assert "attachment" in response["Content-Disposition"]
        text = client.get(self.url("list"), {"export": "csv"}).content.decode("utf-8-sig")
        assert self.export_text(mine) in text
        assert self.export_text(theirs) not in text


class TestCadreDoors(ModelTestBattery):
    model = Cadre
    api_basename = "cadre"

    def make(self, world, org):
        return CadreFactory(organisation=org)

    def form_data(self, world, org):
        return {
            "organisation": org.pk,
            "name": f"新任主席{org.pk}",
            "gender": "female",
            "ethnicity": "tibetan",
            "post": "chair",
            "employment": "full_time",
            "selection": "election",
            "appointed_on": "2023-05-10",
            "phone": "13912345678",
            **management("trainings", total=1),
            "trainings-0-date": "2023-09-01",
            "trainings-0-course": "新任工会干部培训班",
            "trainings-0-organiser": "青海省总工会",
            "trainings-0-hours": "24",
            "trainings-0-certificate": "on",
        }

    def edit_data(self, world, obj):
        return {
            "organisation": obj.organisation_id,
            "name": obj.name,
            "gender": obj.gender,
            "ethnicity": obj.ethnicity,
            "post": "vice_chair",
            "employment": obj.employment,
            "selection": obj.selection,
            "appointed_on": obj.appointed_on.isoformat(),
            "phone": "0971-8123456",
            **management("trainings"),
        }

    def api_data(self, world, org):
        return {
            "organisation": org.pk,
            "name": f"接口干部{org.pk}",
            "gender": "male",
            "ethnicity": "hui",
            "post": "staff",
            "employment": "social",
            "selection": "competition",
            "appointed_on": "2024-02-01",
            "phone": "18697001234",
            "trainings": [{"date": "2024-06-01", "course": "工会法律法规培训", "hours": "8", "certificate": True}],
        }

    def import_rows(self, world, org):
        base = {"所在工会": org_cell(org), "性别": "男", "民族": "藏族", "职务": "主席", "任职类型": "兼职"}
        return [
            {**base, "姓名": "导入干部甲", "产生方式": "选举", "任职日期": "2021-05-01", "联系电话": "13912340001"},
            {
                **base,
                "姓名": "导入干部乙",
                "职务": "副主席",
                "产生方式": "委派/任命",
                "任职日期": "2022-07-01",
                "联系电话": "",
            },
        ]

    def test_form_saves_training_rows(self, client, world):
        self.login(client, world.officer)
        response = client.post(self.url("add"), self.form_data(world, world.county_a))
        assert response.status_code == 302
        cadre = self.model.objects.get(name=f"新任主席{world.county_a.pk}")
        training = cadre.trainings.get()
        assert training.course == "新任工会干部培训班" and training.certificate
        assert training.history.first().history_user == world.officer

    def test_api_writes_training_rows(self, world):
        from django.urls import reverse

        response = self.api(world.officer).post(
            reverse("api:cadre-list"), self.api_data(world, world.county_a), format="json"
        )
        assert response.status_code == 201, response.content
        assert response.json()["trainings"][0]["course"] == "工会法律法规培训"


class TestCadreAppraisalDoors(NamedInExport, ModelTestBattery):
    model = CadreAppraisal
    api_basename = "cadreappraisal"

    def make(self, world, org):
        return make_appraisal(CadreFactory(organisation=org))

    def score_rows(self, scores, existing=None):
        data = management("scores", total=len(scores), initial=len(existing or ()))
        for index, (indicator, score) in enumerate(scores):
            data[f"scores-{index}-indicator"] = indicator.pk
            data[f"scores-{index}-score"] = str(score)
            if existing:
                data[f"scores-{index}-id"] = existing[index].pk
                data[f"scores-{index}-appraisal"] = existing[index].appraisal_id
        return data

    def form_data(self, world, org):
        cadre = CadreFactory(organisation=org)
        items = indicators()
        return {
            "cadre": cadre.pk,
            "year": 2025,
            "appraised_on": "2026-01-20",
            "comment": "全年工作扎实。",
            **self.score_rows([(i, i.max_score - 1) for i in items]),
        }

    def edit_data(self, world, obj):
        existing = list(obj.scores.select_related("indicator").order_by("indicator__order"))
        return {
            "cadre": obj.cadre_id,
            "year": obj.year,
            "appraised_on": obj.appraised_on.isoformat(),
            "comment": "复核后修改评语。",
            **self.score_rows([(s.indicator, s.score) for s in existing], existing),
        }

    def api_data(self, world, org):
        cadre = CadreFactory(organisation=org)
        return {
            "cadre": cadre.pk,
            "year": 2025,
            "appraised_on": "2026-01-20",
            "scores": [{"indicator": i.pk, "score": str(i.max_score)} for i in indicators()],
        }

    def import_rows(self, world, org):
        rows = []
        for name in ("考核对象甲", "考核对象乙"):
            CadreFactory(organisation=org, name=name)
            row = {"干部所在工会": org_cell(org), "干部姓名": name, "考核年度": 2025, "考核日期": "2026-01-10"}
            row.update({i.name: str(i.max_score) for i in indicators()})
            rows.append(row)
        return rows


class TestContactAssignmentDoors(NamedInExport, ModelTestBattery):
    model = ContactAssignment
    api_basename = "contactassignment"

    def make(self, world, org):
        return make_assignment(org)

    def form_data(self, world, org):
        cadre = CadreFactory(organisation=org)
        union = grassroots(org)
        return {"cadre": cadre.pk, "union": union.pk, "start_on": "2025-03-01"}

    def edit_data(self, world, obj):
        return {"cadre": obj.cadre_id, "union": obj.union_id, "start_on": "2024-02-01", "end_on": "2025-12-31"}

    def api_data(self, world, org):
        return self.form_data(world, org)

    def import_rows(self, world, org):
        cadre = CadreFactory(organisation=org, name="联系人甲")
        unions = [grassroots(org, name="导入联系工会一"), grassroots(org, name="导入联系工会二")]
        return [
            {"干部所在工会": org_cell(org), "干部姓名": cadre.name, "联系的基层工会": u.name, "开始日期": "2025-01-01"}
            for u in unions
        ]


class TestContactLogDoors(NamedInExport, ModelTestBattery):
    model = ContactLog
    api_basename = "contactlog"

    def make(self, world, org):
        return make_log(org)

    def form_data(self, world, org):
        assignment = make_assignment(org)
        return {
            "cadre": assignment.cadre_id,
            "union": assignment.union_id,
            "date": "2025-04-02",
            "way": "visit",
            "workers_reached": 25,
            "issues": "职工希望增加技能培训。",
        }

    def edit_data(self, world, obj):
        return {
            "cadre": obj.cadre_id,
            "union": obj.union_id,
            "date": obj.date.isoformat(),
            "way": "phone",
            "workers_reached": 30,
            "follow_up": "已联系职工学校。",
        }

    def api_data(self, world, org):
        return self.form_data(world, org)

    def import_rows(self, world, org):
        assignment = make_assignment(org)
        base = {
            "干部所在工会": org_cell(org),
            "干部姓名": assignment.cadre.name,
            "联系的基层工会": assignment.union.name,
            "联系方式": "走访",
        }
        return [{**base, "联系日期": "2025-02-01", "联系职工人数": 8}, {**base, "联系日期": date(2025, 3, 1)}]
