"""The shared battery, applied to stations, their yearly reviews and the service ledger."""

import datetime

from django.utils import timezone

from core.testing import ModelTestBattery
from stations.models import ServiceRecord, ServiceStation, StationReview
from tests.stations.factories import ServiceRecordFactory, ServiceStationFactory, StationReviewFactory


def station_form(org, name, **extra):
    data = {
        "name": name,
        "host": org.pk,
        "address": "测试路8号",
        "latitude": "36.62",
        "longitude": "101.78",
        "floor_area": "80",
        "open_days": ["1", "2", "3", "4", "5"],
        "opens_at": "09:00",
        "closes_at": "17:30",
        "full_time_staff": "2",
        "part_time_staff": "1",
        "volunteers": "6",
        "funding_source": "union_funds",
        "status": "active",
        "services-TOTAL_FORMS": "1",
        "services-INITIAL_FORMS": "0",
        "services-0-category": "rights",
        "services-0-offered": "法律咨询、劳动争议调解",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "马志强",
        "contacts-0-role": "站长",
        "contacts-0-phone": "13800000000",
    }
    data.update(extra)
    return data


class MarkerScopeTests:
    """The battery's list/export scope checks look for str(obj); a ledger line or a review is not one cell of
    the export, so these look for a marker that is (the description, the reviewer)."""

    def marker(self, obj):
        raise NotImplementedError

    def test_list_shows_only_what_is_in_scope(self, client, world):
        mine = self.make(world, world.county_a)
        theirs = self.make(world, world.county_b)
        self.login(client, world.officer)
        body = client.get(self.url("list")).content.decode()
        assert self.marker(mine) in body
        assert self.marker(theirs) not in body

    def test_export_carries_only_what_is_in_scope(self, client, world):
        mine = self.make(world, world.county_a)
        theirs = self.make(world, world.county_b)
        self.login(client, world.officer)
        for fmt in ("csv", "xlsx"):
            response = client.get(self.url("list"), {"export": fmt})
            assert response.status_code == 200
            assert "attachment" in response["Content-Disposition"]
        text = client.get(self.url("list"), {"export": "csv"}).content.decode("utf-8-sig")
        assert self.marker(mine) in text
        assert self.marker(theirs) not in text


class TestServiceStationDoors(ModelTestBattery):
    model = ServiceStation
    api_basename = "servicestation"

    def make(self, world, org):
        return ServiceStationFactory(host=org)

    def form_data(self, world, org):
        return station_form(org, f"新建服务站{org.pk}")

    def edit_data(self, world, obj):
        return station_form(obj.host, obj.name + "（改）", **{"services-TOTAL_FORMS": "0", "contacts-TOTAL_FORMS": "0"})

    def api_data(self, world, org):
        return {
            "name": f"接口服务站{org.pk}",
            "host": org.pk,
            "open_days": "12345",
            "opens_at": "09:00",
            "closes_at": "17:00",
        }

    def import_rows(self, world, org):
        return [
            {
                "站名": "导入服务站甲",
                "依托工会": org.name,
                "开放日": "周一至周五",
                "开门时间": "09:00",
                "关门时间": "17:00",
            },
            {"站名": "导入服务站乙", "依托工会": org.name, "纬度": "36.6", "经度": "101.7", "状态": "运行中"},
        ]


class TestStationReviewDoors(MarkerScopeTests, ModelTestBattery):
    model = StationReview
    api_basename = "stationreview"

    def marker(self, obj):
        return obj.reviewer

    def make(self, world, org):
        return StationReviewFactory(station=ServiceStationFactory(host=org), reviewer=f"评定组{org.pk}-{org.name}")

    def form_data(self, world, org):
        station = ServiceStationFactory(host=org)
        return {"station": station.pk, "year": "2025", "reviewer": "县总工会评定组", "has_sign": "on"}

    def edit_data(self, world, obj):
        return {"station": obj.station_id, "year": obj.year, "reviewer": "改过的评定组", "rules_posted": "on"}

    def api_data(self, world, org):
        station = ServiceStationFactory(host=org)
        return {"station": station.pk, "year": 2025, "has_sign": True, "good_location": True}

    def import_rows(self, world, org):
        station = ServiceStationFactory(host=org, name="导入评定用服务站")
        return [
            {"服务站": station.name, "年度": 2024, "统一标识和名称": "是", "选址合理、方便职工": "否"},
            {"服务站": str(station.pk), "年度": 2025, "统一标识和名称": "是", "管理制度上墙": "√"},
        ]


class TestServiceRecordDoors(MarkerScopeTests, ModelTestBattery):
    model = ServiceRecord
    api_basename = "servicerecord"

    def marker(self, obj):
        return obj.description

    def make(self, world, org):
        return ServiceRecordFactory(station=ServiceStationFactory(host=org), description=f"服务记录{org.name}")

    def form_data(self, world, org):
        station = ServiceStationFactory(host=org)
        return {
            "station": station.pk,
            "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "category": "relief",
            "workers_served": "3",
            "description": "走访慰问困难职工",
        }

    def edit_data(self, world, obj):
        return {
            "station": obj.station_id,
            "date": obj.date.isoformat(),
            "category": obj.category,
            "workers_served": "5",
            "description": obj.description + "（补记）",
            "follow_up_needed": "on",
        }

    def api_data(self, world, org):
        station = ServiceStationFactory(host=org)
        return {
            "station": station.pk,
            "date": timezone.localdate().isoformat(),
            "category": "education",
            "workers_served": 12,
            "description": "安全生产讲座",
        }

    def import_rows(self, world, org):
        station = ServiceStationFactory(host=org, name="导入台账用服务站")
        day = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
        return [
            {
                "服务站": station.name,
                "服务日期": day,
                "服务类别": "权益维护",
                "服务职工人数": 2,
                "服务内容": "讨薪咨询",
            },
            {"服务站": str(station.pk), "服务日期": day, "服务类别": "volunteering", "服务内容": "义务理发"},
        ]
