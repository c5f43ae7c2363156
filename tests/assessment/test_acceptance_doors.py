"""The shared battery, applied to every model of inspections and acceptance."""

import datetime

from assessment.models import AcceptanceReport, Finding, Inspection, InspectionPlan, Rectification, Rubric
from core.testing import ModelTestBattery

from . import factories as f


def inline(prefix, rows=()):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


class TestRubricDoors(ModelTestBattery):
    model = Rubric
    api_basename = "rubric"

    def make(self, world, org):
        return f.rubric(org)

    def form_data(self, world, org):
        return {
            "owner": org.pk, "name": f"新标准{org.pk}", "version": 1, "deduction_points": "1", "deduction_cap": "4",
            **inline("items", [{"order": 1, "group": "hui", "text": "依法建会", "max_score": "10"}]),
            **inline("bands", [{"name": "合格", "min_score": "60"}]),
        }  # fmt: skip

    def edit_data(self, world, obj):
        data = self.form_data(world, obj.owner)
        data.update(inline("items"), **inline("bands"))
        data["name"] = obj.name + "（改）"
        return data

    def api_data(self, world, org):
        return {"owner": org.pk, "name": f"接口标准{org.pk}", "version": 1}

    def test_superior_reads_the_subtree(self, client, world):
        super().test_superior_reads_the_subtree(client, world)

    def test_list_shows_only_what_is_in_scope(self, client, world):
        # Every role reads every standard (they are scored on them); what is scoped is who changes them.
        mine = self.make(world, world.county_a)
        theirs = self.make(world, world.county_b)
        client.force_login(world.officer)
        body = client.get(self.url("list")).content.decode()
        assert mine.name in body and theirs.name in body
        assert client.get(self.url("edit", theirs.pk)).status_code == 403

    def test_detail_in_scope_and_out_of_scope(self, client, world):
        theirs = self.make(world, world.county_b)
        client.force_login(world.officer)
        assert client.get(self.url("detail", theirs.pk)).status_code == 200
        assert client.get(self.url("edit", theirs.pk)).status_code == 403

    def test_export_carries_only_what_is_in_scope(self, client, world):
        self.make(world, world.county_a)
        client.force_login(world.officer)
        response = client.get(self.url("list"), {"export": "csv"})
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]

    def test_api_scope(self, world):
        from django.urls import reverse

        from core.testing import api_client

        theirs = self.make(world, world.county_b)
        url = reverse("api:rubric-detail", args=[theirs.pk])
        assert api_client(world.officer).get(url).status_code == 200
        assert api_client(world.officer).patch(url, {"name": "x"}, format="json").status_code == 403
        assert api_client().get(url).status_code in (401, 403)


class TestAcceptanceReportDoors(ModelTestBattery):
    model = AcceptanceReport
    api_basename = "acceptancereport"

    def make(self, world, org):
        return f.report(f.union(org), owner=world.province)

    def listed_as(self, obj):
        return obj.organisation.name

    def form_data(self, world, org):
        return {"organisation": f.union(org).pk, "year": 2025, "rubric": f.rubric(world.province).pk}

    def edit_data(self, world, obj):
        return {"organisation": obj.organisation_id, "year": 2024, "rubric": obj.rubric_id}

    def api_data(self, world, org):
        return {"organisation": f.union(org).pk, "year": 2025, "rubric": f.rubric(world.province).pk}


class TestInspectionPlanDoors(ModelTestBattery):
    model = InspectionPlan
    api_basename = "inspectionplan"

    def make(self, world, org):
        return f.plan(org, f.rubric(world.province))

    def form_data(self, world, org):
        return {"organisation": org.pk, "year": 2025, "name": "年度检查", "rubric": f.rubric(world.province).pk,
                "starts_on": "2025-03-01", "ends_on": "2025-10-31"}  # fmt: skip

    def api_data(self, world, org):
        return self.form_data(world, org)


class TestInspectionDoors(ModelTestBattery):
    model = Inspection
    api_basename = "inspection"

    def make(self, world, org):
        return f.inspection(f.union(org), plan_=f.plan(org, f.rubric(world.province)))

    def listed_as(self, obj):
        return obj.organisation.name

    def form_data(self, world, org):
        return {"plan": f.plan(org, f.rubric(world.province)).pk, "organisation": f.union(org).pk, "state": "planned",
                "inspectors": [world.inspector.pk]}  # fmt: skip

    def edit_data(self, world, obj):
        # The inspection keeps its plan and union: a union holds no other union to move the inspection to.
        return {"plan": obj.plan_id, "organisation": obj.organisation_id, "state": "planned",
                "inspectors": [world.inspector.pk]}  # fmt: skip

    def api_data(self, world, org):
        return self.form_data(world, org)


class InspectorWrites:
    """Records only the inspectors assigned to the inspection write."""

    def writer(self, world):
        return world.inspector

    def make_for_writer(self, world, obj_org):
        obj = self.make(world, obj_org)
        inspection = obj.inspection if hasattr(obj, "inspection") else obj.finding.inspection
        inspection.inspectors.add(world.inspector)
        return obj

    def assigned(self, world, org):
        return f.inspection(f.union(org), inspectors=[world.inspector], plan_=f.plan(org, f.rubric(world.province)))


class TestFindingDoors(InspectorWrites, ModelTestBattery):
    model = Finding
    api_basename = "finding"

    def make(self, world, org):
        return f.finding(f.union(org))

    def listed_as(self, obj):
        return obj.text

    def edit_data(self, world, obj):
        return {"inspection": obj.inspection_id, "text": obj.text + "（改）"}

    def form_data(self, world, org):
        return {"inspection": self.assigned(world, org).pk, "text": "职工书屋藏书不足"}

    def api_data(self, world, org):
        return self.form_data(world, org)


class TestRectificationDoors(InspectorWrites, ModelTestBattery):
    model = Rectification
    api_basename = "rectification"

    def make(self, world, org):
        return f.rectification(f.union(org))

    def listed_as(self, obj):
        return obj.requirement

    def form_data(self, world, org):
        finding = Finding.objects.create(inspection=self.assigned(world, org), text="制度未上墙")
        deadline = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
        return {"finding": finding.pk, "requirement": "制度上墙", "responsible": "李四", "deadline": deadline}

    def edit_data(self, world, obj):
        return {"finding": obj.finding_id, "requirement": obj.requirement + "（改）", "responsible": "王五",
                "deadline": obj.deadline.isoformat()}  # fmt: skip

    def api_data(self, world, org):
        return self.form_data(world, org)
