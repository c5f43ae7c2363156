"""Each rule of stations and the ledger, at each door: the HTML form, the spreadsheet import and the API."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from core.testing import api_client, upload
from stations.models import ServiceRecord, ServiceStation
from tests.factories import grassroots
from tests.stations.factories import ServiceRecordFactory, ServiceStationFactory
from tests.stations.test_doors import station_form

TODAY = timezone.localdate


def import_errors(client, url, rows):
    """Upload `rows`, return the validation page's text (the dry run writes nothing)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, url, rows)
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


# --- stations ---------------------------------------------------------------------------------------------
STATION_CASES = [
    # (form overrides, API overrides, import overrides, field, message fragment)
    ({"latitude": "101.78", "longitude": "36.62"}, {"latitude": "101.78", "longitude": "36.62"},
     {"纬度": "101.78", "经度": "36.62"}, "latitude", "不在本省范围"),
    ({"latitude": "3.662", "longitude": "101.78"}, {"latitude": "3.662", "longitude": "101.78"},
     {"纬度": "3.662", "经度": "101.78"}, "latitude", "漏了小数点"),
    ({"longitude": "116.4"}, {"latitude": "36.6", "longitude": "116.4"},
     {"纬度": "36.6", "经度": "116.4"}, "longitude", "不在本省范围"),
    ({"latitude": "36.6", "longitude": ""}, {"latitude": "36.6"}, {"纬度": "36.6"}, "longitude", "要么都填"),
    ({"opens_at": "18:00", "closes_at": "09:00"}, {"open_days": "12345", "opens_at": "18:00", "closes_at": "09:00"},
     {"开放日": "周一至周五", "开门时间": "18:00", "关门时间": "09:00"}, "closes_at", "关门时间应晚于开门时间"),
    ({"status": "closed"}, {"status": "closed"}, {"状态": "已关闭"}, "status_changed_on", "请填写状态变更日期"),
]  # fmt: skip


@pytest.mark.parametrize(("form", "api", "sheet", "field", "message"), STATION_CASES)
def test_station_rules_at_every_door(client, world, form, api, sheet, field, message):
    client.force_login(world.officer)
    before = ServiceStation.objects.count()
    response = client.post(reverse("stations:servicestation_add"), station_form(world.county_a, "规则站", **form))
    assert response.status_code == 200
    assert message in response.content.decode()

    data = {"name": "规则站", "host": world.county_a.pk, **api}
    response = api_client(world.officer).post(reverse("api:servicestation-list"), data, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])

    page = import_errors(
        client,
        reverse("stations:servicestation_import"),
        [{"站名": "规则站", "依托工会": world.county_a.name, **sheet}],
    )
    assert message in page
    assert ServiceStation.objects.count() == before


def test_opening_days_are_structured(client, world):
    client.force_login(world.officer)
    data = station_form(world.county_a, "周末站", open_days=["6", "7", "1"])
    assert client.post(reverse("stations:servicestation_add"), data).status_code == 302
    station = ServiceStation.objects.get(name="周末站")
    assert station.open_days == "167"
    assert station.hours_display() == "周一、周六、周日 09:00–17:30"
    assert station.services.get().offered == "法律咨询、劳动争议调解"
    assert station.contacts.get().name == "马志强"


def test_import_reads_days_written_the_usual_ways(client, world):
    client.force_login(world.officer)
    rows = [
        {"站名": "甲站", "依托工会": world.county_a.name, "开放日": "周一、周三、周五"},
        {"站名": "乙站", "依托工会": world.county_a.name, "开放日": "每天"},
        {"站名": "丙站", "依托工会": world.county_a.name, "开放日": "1-6"},
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):
        job_url = upload(client, reverse("stations:servicestation_import"), rows)["Location"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(job_url)
    days = dict(ServiceStation.objects.values_list("name", "open_days"))
    assert days == {"甲站": "135", "乙站": "1234567", "丙站": "123456"}


def test_station_import_refuses_a_host_out_of_scope(client, world):
    client.force_login(world.officer)
    page = import_errors(
        client, reverse("stations:servicestation_import"), [{"站名": "越界站", "依托工会": world.county_b.name}]
    )
    assert "不在您的管理范围内" in page
    assert not ServiceStation.objects.filter(name="越界站").exists()


# --- ledger -----------------------------------------------------------------------------------------------
def record_form(station, **extra):
    data = {
        "station": station.pk,
        "date": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        "category": "rights",
        "workers_served": "2",
        "description": "讨薪咨询",
    }
    data.update(extra)
    return data


def record_api(station, **extra):
    data = {
        "station": station.pk,
        "date": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        "category": "rights",
        "workers_served": 2,
        "description": "讨薪咨询",
    }
    data.update(extra)
    return data


def record_sheet(station, **extra):
    row = {
        "服务站": station.name,
        "服务日期": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        "服务类别": "权益维护",
        "服务内容": "讨薪咨询",
    }
    row.update(extra)
    return row


def future():
    return (TODAY() + datetime.timedelta(days=2)).isoformat()


def done_day():
    return TODAY().isoformat()


RECORD_CASES = [
    ({"date": future}, {"date": future}, {"服务日期": future}, "date", "服务日期不能晚于今天"),
    ({"follow_up_done": "on", "follow_up_done_on": done_day}, {"follow_up_done": True, "follow_up_done_on": done_day},
     {"已跟进": "是", "跟进完成日期": done_day}, "follow_up_done", "只有标记为“需要跟进”的服务才能标记为已跟进"),
    ({"follow_up_needed": "on", "follow_up_done": "on"}, {"follow_up_needed": True, "follow_up_done": True},
     {"需要跟进": "是", "已跟进": "是"}, "follow_up_done_on", "请填写跟进完成日期"),
]  # fmt: skip


def resolve(values):
    return {key: value() if callable(value) else value for key, value in values.items()}


@pytest.mark.parametrize(("form", "api", "sheet", "field", "message"), RECORD_CASES)
def test_record_rules_at_every_door(client, world, form, api, sheet, field, message):
    station = ServiceStationFactory(host=world.township_a, name="甲一街道职工服务站")
    client.force_login(world.officer)
    response = client.post(reverse("stations:servicerecord_add"), record_form(station, **resolve(form)))
    assert response.status_code == 200
    assert message in response.content.decode()

    if field == "date":  # the quick entry has no follow-up-done fields
        response = client.post(
            reverse("stations:servicestation_quick_record", args=[station.pk]), record_form(station, **resolve(form))
        )
        assert message in response.content.decode()

    response = api_client(world.officer).post(
        reverse("api:servicerecord-list"), record_api(station, **resolve(api)), format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json()[field])

    page = import_errors(client, reverse("stations:servicerecord_import"), [record_sheet(station, **resolve(sheet))])
    assert message in page
    assert not ServiceRecord.objects.exists()


def test_unions_outside_the_host_subtree_are_refused_at_every_door(client, world):
    station = ServiceStationFactory(host=world.township_a, name="甲一街道职工服务站")
    served = grassroots(world.township_a, "甲一街道某公司工会")
    beside = grassroots(world.county_a, "甲一区直属某公司工会")  # in the officer's scope, not under the township
    message = "不在服务站依托工会"
    client.force_login(world.officer)

    response = client.post(reverse("stations:servicerecord_add"), record_form(station, unions=[served.pk, beside.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and beside.name in body

    response = client.post(
        reverse("stations:servicestation_quick_record", args=[station.pk]), record_form(station, unions=[beside.pk])
    )
    assert message in response.content.decode()

    response = api_client(world.officer).post(
        reverse("api:servicerecord-list"), record_api(station, unions=[beside.pk]), format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json()["unions"])

    page = import_errors(
        client,
        reverse("stations:servicerecord_import"),
        [record_sheet(station, 职工所在工会=f"{served.name}、{beside.name}")],
    )
    assert message in page
    assert not ServiceRecord.objects.exists()

    # and the unions it does serve are kept, through each door
    response = client.post(reverse("stations:servicerecord_add"), record_form(station, unions=[served.pk]))
    assert response.status_code == 302
    assert list(ServiceRecord.objects.get().unions.all()) == [served]
    response = api_client(world.officer).post(
        reverse("api:servicerecord-list"), record_api(station, unions=[served.pk]), format="json"
    )
    assert response.status_code == 201
    assert ServiceRecord.objects.get(pk=response.json()["id"]).unions.get() == served


def test_record_import_names_the_station_by_id_or_unique_name(client, world):
    station = ServiceStationFactory(host=world.township_a, name="重名站")
    ServiceStationFactory(host=world.county_a, name="重名站")
    served = grassroots(world.township_a, "甲一街道某公司工会")
    client.force_login(world.officer)
    page = import_errors(client, reverse("stations:servicerecord_import"), [record_sheet(station)])
    assert "有多个服务站名为" in page
    rows = [record_sheet(station, 服务站=str(station.pk), 职工所在工会=served.name, 需要跟进="是")]
    with TestCase.captureOnCommitCallbacks(execute=True):
        job_url = upload(client, reverse("stations:servicerecord_import"), rows)["Location"]
    assert "校验通过" in client.get(job_url).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(job_url)
    record = ServiceRecord.objects.get()
    assert record.station == station and record.follow_up_needed and list(record.unions.all()) == [served]


def test_record_import_reports_each_bad_row(client, world):
    station = ServiceStationFactory(host=world.township_a, name="甲一街道职工服务站")
    client.force_login(world.officer)
    rows = [
        record_sheet(station),
        record_sheet(station, 服务日期=future()),
        record_sheet(station, 服务类别="唱歌"),
        record_sheet(station, 服务站="不存在的站"),
    ]
    page = import_errors(client, reverse("stations:servicerecord_import"), rows)
    assert "服务日期不能晚于今天" in page
    assert "“唱歌”不是可选的值" in page
    assert "找不到服务站“不存在的站”" in page
    assert not ServiceRecord.objects.exists()


def test_ledger_line_after_closing_is_refused(world):
    from django.core.exceptions import ValidationError

    from core.services import record_create

    closed_on = TODAY() - datetime.timedelta(days=10)
    station = ServiceStationFactory(host=world.county_a, status="closed", status_changed_on=closed_on)
    record = ServiceRecordFactory.build(station=station, date=TODAY() - datetime.timedelta(days=2))
    with pytest.raises(ValidationError, match="关闭"):
        record_create(actor=world.officer, instance=record)
