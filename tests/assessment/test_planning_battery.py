"""The shared battery, applied to target plans, targets, coordination groups and resource allocations."""

from core.testing import ModelTestBattery
from orgs.choices import Level
from tests.homes.factories import formset_data

from .planning_factories import YEAR, allocation_in, child_of, group_in, indicator_of, plan_by, target_in


class TestTargetPlanDoors(ModelTestBattery):
    from assessment.models import TargetPlan as model

    api_basename = "targetplan"

    def make(self, world, org):
        return plan_by(org)

    def listed_as(self, obj):
        return obj.name

    def form_data(self, world, org):
        return {"issuer": org.pk, "year": YEAR, "name": f"{org.name}新计划", **formset_data("indicators", [])}

    def edit_data(self, world, obj):
        return {"issuer": obj.issuer_id, "year": obj.year, "name": obj.name + "（修订）",
                **formset_data("indicators", [])}  # fmt: skip

    def api_data(self, world, org):
        return {"issuer": org.pk, "year": YEAR, "name": f"{org.name}接口计划"}


class TestTargetDoors(ModelTestBattery):
    from assessment.models import Target as model

    api_basename = "target"

    def make(self, world, org):
        return target_in(org)

    def listed_as(self, obj):
        return obj.organisation.name

    def form_data(self, world, org):
        indicator = indicator_of(plan_by(org))
        return {"indicator": indicator.pk, "organisation": child_of(org).pk, "value": "12"}

    def edit_data(self, world, obj):
        return {"indicator": obj.indicator_id, "organisation": obj.organisation_id, "value": "15"}

    def api_data(self, world, org):
        indicator = indicator_of(plan_by(org))
        return {"indicator": indicator.pk, "organisation": child_of(org).pk, "value": "12"}

    def import_rows(self, world, org):
        indicator = indicator_of(plan_by(org))
        first, second = child_of(org), child_of(org)
        return [
            {"目标指标": indicator.pk, "责任单位": first.name, "目标值": "5"},
            {"目标指标": str(indicator.pk), "责任单位": second.name, "目标值": 7, "备注": "导入"},
        ]


class TestCoordinationGroupDoors(ModelTestBattery):
    from assessment.models import CoordinationGroup as model

    api_basename = "coordinationgroup"

    def make(self, world, org):
        return group_in(org)

    def listed_as(self, obj):
        return obj.organisation.name

    def form_data(self, world, org):
        township = child_of(org, level=Level.TOWNSHIP)
        members = [{"name": "李华", "post": "工会主席", "duty": "personal"}, {"name": "张敏", "duty": "specific"}]
        return {
            "organisation": township.pk,
            "name": "会站家一体化建设协调领导小组",
            "leader_name": "李华",
            "leader_post": "工会主席",
            **formset_data("members", members),
        }

    def edit_data(self, world, obj):
        return {
            "organisation": obj.organisation_id,
            "name": obj.name,
            "leader_name": "新组长",
            "leader_post": obj.leader_post,
            **formset_data("members", []),
        }

    def api_data(self, world, org):
        township = child_of(org, level=Level.TOWNSHIP)
        return {"organisation": township.pk, "leader_name": "李华", "leader_post": "工会主席"}


class TestResourceAllocationDoors(ModelTestBattery):
    from assessment.models import ResourceAllocation as model

    api_basename = "resourceallocation"

    def make(self, world, org):
        return allocation_in(org)

    def listed_as(self, obj):
        return obj.organisation.name

    def form_data(self, world, org):
        return {"giver": org.pk, "year": YEAR, "kind": "funds", "union": child_of(org).pk, "amount": "5000",
                "source": "upper_union"}  # fmt: skip

    def edit_data(self, world, obj):
        return {"giver": obj.giver_id, "year": obj.year, "kind": "funds", "union": obj.union_id, "amount": "6000",
                "source": "own_funds"}  # fmt: skip

    def api_data(self, world, org):
        return {"giver": org.pk, "year": YEAR, "kind": "staff", "union": child_of(org).pk, "staff": 2}
