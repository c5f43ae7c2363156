"""The shared battery, applied to every 会 record with its own pages."""

from core.testing import ModelTestBattery
from tests.unions.factories import (
    SixHasItemFactory,
    UnorganisedEmployerFactory,
    annual_return_in,
    registration_in,
    union_under,
)
from unions.models import AnnualReturn, Registration, SixHasItem, UnorganisedEmployer

NO_EMPLOYERS = {"covered_employers-TOTAL_FORMS": "0", "covered_employers-INITIAL_FORMS": "0"}


class TestRegistrationDoors(ModelTestBattery):
    model = Registration
    api_basename = "registration"

    def make(self, world, org):
        return registration_in(org)

    def form_data(self, world, org):
        union = union_under(org)
        return {
            "organisation": union.pk,
            "employer_name": "新登记单位",
            "employees": "50",
            "members": "45",
            "chair_term_years": "5",
            **NO_EMPLOYERS,
        }

    def edit_data(self, world, obj):
        return {
            "organisation": obj.organisation_id,
            "employer_name": obj.employer_name + "（更名）",
            "employees": "120",
            "members": "100",
            "chair_term_years": "3",
            **NO_EMPLOYERS,
        }

    def api_data(self, world, org):
        return {"organisation": union_under(org).pk, "employer_name": "接口登记单位", "employees": 10, "members": 9}

    def import_rows(self, world, org):
        first, second = union_under(org), union_under(org)
        return [
            {"基层工会": first.name, "单位名称": "导入单位甲", "职工人数": 30, "会员人数": 28},
            {"基层工会": second.name, "单位名称": "导入单位乙", "职工人数": 12, "会员人数": 12, "联合基层工会": "否"},
        ]


class TestSixHasItemDoors(ModelTestBattery):
    model = SixHasItem
    api_basename = "sixhasitem"

    def make(self, world, org):
        return SixHasItemFactory(organisation=union_under(org))

    def listed_as(self, obj):
        return obj.organisation.name

    def form_data(self, world, org):
        return {"organisation": union_under(org).pk, "item": "2", "state": "partly", "note": "女职委未建"}

    def edit_data(self, world, obj):
        return {"organisation": obj.organisation_id, "item": obj.item, "state": "met", "note": "已补齐"}

    def api_data(self, world, org):
        return {"organisation": union_under(org).pk, "item": 3, "state": "met"}

    def import_rows(self, world, org):
        union = union_under(org)
        return [
            {"基层工会": union.name, "项目": "有依法选举的工会主席", "达标情况": "达标"},
            {"基层工会": union.name, "项目": "5", "达标情况": "未达标", "情况说明": "经费未独立建账"},
        ]


class TestAnnualReturnDoors(ModelTestBattery):
    model = AnnualReturn
    api_basename = "annualreturn"

    def make(self, world, org):
        return annual_return_in(org)

    def listed_as(self, obj):
        return obj.organisation.name

    def form_data(self, world, org):
        return {"organisation": union_under(org).pk, "year": "2025", "employees": "80", "members": "70",
                "six_has_met": "4"}  # fmt: skip

    def edit_data(self, world, obj):
        return {"organisation": obj.organisation_id, "year": obj.year, "employees": "81", "members": "71",
                "six_has_met": "5"}  # fmt: skip

    def api_data(self, world, org):
        return {"organisation": union_under(org).pk, "year": 2025, "employees": 10, "members": 9}

    def import_rows(self, world, org):
        return [
            {"基层工会": union_under(org).name, "年度": 2025, "职工人数": 30, "会员人数": 28},
            {"基层工会": union_under(org).name, "年度": "2025", "职工人数": 12, "会员人数": 12, "六有达标项数": 6},
        ]


class TestUnorganisedEmployerDoors(ModelTestBattery):
    model = UnorganisedEmployer
    api_basename = "unorganisedemployer"

    def make(self, world, org):
        return UnorganisedEmployerFactory(area=org)

    def form_data(self, world, org):
        return {"area": org.pk, "name": f"{org.name}·新摸排单位", "status": "identified", "employees": "25"}

    def edit_data(self, world, obj):
        return {"area": obj.area_id, "name": obj.name, "status": "contacted", "employees": "26"}

    def api_data(self, world, org):
        return {"area": org.pk, "name": f"{org.name}·接口单位", "status": "identified"}

    def import_rows(self, world, org):
        return [
            {"所在县（乡镇）工会": org.name, "单位名称": f"{org.name}·导入单位甲", "职工人数": 40},
            {"所在县（乡镇）工会": org.name, "单位名称": f"{org.name}·导入单位乙", "进展": "已联系"},
        ]
