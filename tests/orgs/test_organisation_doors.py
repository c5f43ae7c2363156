"""The shared battery, applied to organisations."""

from core.testing import ModelTestBattery
from orgs.choices import Level
from orgs.models import Organisation
from tests.factories import OrganisationFactory


class TestOrganisationDoors(ModelTestBattery):
    model = Organisation
    api_basename = "organisation"

    def make(self, world, org):
        return OrganisationFactory(level=Level.GRASSROOTS, parent=org)

    def org_of(self, obj):
        return obj

    def form_data(self, world, org):
        return {"name": f"新建基层工会{org.pk}", "level": Level.GRASSROOTS, "parent": org.pk}

    def edit_data(self, world, obj):
        return {"name": obj.name + "（更名）", "level": obj.level, "parent": obj.parent_id, "address": "新地址1号"}

    def api_data(self, world, org):
        return {"name": f"接口新建工会{org.pk}", "level": "grassroots", "parent": org.pk}

    def import_rows(self, world, org):
        return [
            {"名称": "导入工会甲", "层级": "基层工会", "上级组织": org.division_code or org.name},
            {"名称": "导入工会乙", "层级": "grassroots", "上级组织": org.name},
        ]

    def lookup_created(self, world, data):
        return Organisation.objects.order_by("-pk").first()
