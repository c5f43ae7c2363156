"""The set-based import machinery (core.imports.ScopedResource): a fixed number of queries per batch whatever
the number of rows, one set of cell widgets with Chinese messages, and columns named after the model fields."""

import datetime

import pytest
import tablib
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.imports import RESOURCES, BooleanWidget, DateWidget, IntegerWidget, TimeWidget, resource_for
from orgs.models import Organisation
from stations.models import StationReview
from tests.factories import OrganisationFactory, valid_credit_code
from unions.models import SixHasItem


def sheet(rows):
    headers = list(dict.fromkeys(key for row in rows for key in row))
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([row.get(h, "") for h in headers])
    return dataset


def org_rows(world, count, start=0):
    parents = [world.county_a, world.township_a]
    rows = []
    for n in range(start, start + count):
        parent = parents[n % 2]
        rows.append(
            {
                "名称": f"批量工会{n}",
                "层级": "基层工会",
                # every way of naming a parent: division code, path, unique name
                "上级组织": [parent.division_code or parent.name, "/".join(o.name for o in parent.path()), parent.name][
                    n % 3
                ],
                "统一社会信用代码": valid_credit_code(5000 + n, kind="81") if n % 2 else "",
                "行业门类": "C",
                "地址": f"某路{n}号",
            }
        )
    return rows


def queries_for(resource, dataset, commit):
    resource.user = type(resource.user).objects.get(pk=resource.user.pk)  # no scope memo from an earlier run
    with CaptureQueriesContext(connection) as ctx:
        report = resource.run(dataset, commit=commit)
    sqls = [q["sql"] for q in ctx.captured_queries]
    if connection.vendor == "sqlite":
        # SQLite caps the variables of one statement, so Django splits a bulk INSERT of 40 rows in two; the
        # statements that matter (the reads and writes per batch) are counted as on PostgreSQL.
        inserts = {sql.split("(", 1)[0] for sql in sqls if sql.startswith("INSERT INTO")}
        sqls = [sql for sql in sqls if not sql.startswith("INSERT INTO")] + sorted(inserts)
    return len(sqls), report


@pytest.mark.parametrize("commit", [False, True])
def test_organisation_import_costs_the_same_queries_for_10_or_40_rows(world, commit):
    small, report = queries_for(
        resource_for("orgs.organisation")(user=world.officer), sheet(org_rows(world, 10)), commit
    )
    assert not report.errors, report.errors
    large, report = queries_for(
        resource_for("orgs.organisation")(user=world.officer), sheet(org_rows(world, 40, start=100)), commit
    )
    assert not report.errors, report.errors
    assert report.created == 40
    assert large == small, f"{small} queries for 10 rows, {large} for 40"
    assert Organisation.objects.filter(name__startswith="批量工会").count() == (50 if commit else 0)
    if commit:
        union = Organisation.objects.get(name="批量工会101")
        assert union.parent == world.township_a and union.history.get().history_user == world.officer


def test_six_has_import_is_written_in_bulk_with_history(world):
    unions = [OrganisationFactory(parent=world.county_a, name=f"六有批量{n}") for n in range(12)]

    def rows(items):
        return sheet([{"基层工会": u.name, "项目": item, "达标情况": "达标"} for u in unions for item in items])

    small, report = queries_for(resource_for("unions.sixhasitem")(user=world.officer), rows([1]), True)
    assert report.created == 12 and not report.errors
    large, report = queries_for(resource_for("unions.sixhasitem")(user=world.officer), rows([2, 3, 4]), True)
    assert report.created == 36 and not report.errors
    assert large == small
    item = SixHasItem.objects.get(organisation=unions[0], item=3)
    assert item.assessed_by == world.officer and item.history.get().history_user == world.officer
    # A second sheet updates the same items, again in bulk, and refuses a duplicate within the file.
    again, report = queries_for(
        resource_for("unions.sixhasitem")(user=world.officer),
        sheet([{"基层工会": unions[0].name, "项目": 3, "达标情况": "未达标"}] * 2),
        True,
    )
    assert [e["row"] for e in report.errors] == [2, 3]
    assert SixHasItem.objects.get(organisation=unions[0], item=3).state == "met"


def test_bad_rows_of_a_batch_are_all_reported_and_nothing_is_written(world):
    rows = org_rows(world, 6)
    rows[1]["层级"] = "村工会"
    rows[2]["上级组织"] = world.county_b.name  # outside the officer's scope: reads as not found
    rows[3]["名称"] = rows[0]["名称"]
    rows[3]["上级组织"] = rows[0]["上级组织"]
    rows[4]["统一社会信用代码"] = rows[5]["统一社会信用代码"] = valid_credit_code(77, kind="81")
    report = resource_for("orgs.organisation")(user=world.officer).run(sheet(rows), commit=True)
    by_row = {(e["row"], e["column"]) for e in report.errors}
    assert by_row == {(3, "层级"), (4, "上级组织"), (5, "名称"), (7, "统一社会信用代码")}, report.errors
    assert report.rejected == 4
    assert not Organisation.objects.filter(name__startswith="批量工会").exists()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-03-01", datetime.date(2025, 3, 1)),
        ("2025/3/1", datetime.date(2025, 3, 1)),
        ("2025.3.1", datetime.date(2025, 3, 1)),
        ("2025年3月1日", datetime.date(2025, 3, 1)),
        ("20250301", datetime.date(2025, 3, 1)),
        (45717, datetime.date(2025, 3, 1)),  # an Excel serial
        (datetime.datetime(2025, 3, 1, 0, 0), datetime.date(2025, 3, 1)),
        ("", None),
    ],
)
def test_every_date_column_reads_the_same_formats(text, expected):
    assert DateWidget().clean(text) == expected


def test_cells_that_cannot_be_read_answer_in_chinese():
    for widget, value, fragment in [
        (DateWidget(), "3月1日", "不是有效日期"),
        (IntegerWidget(), "3.5", "应为整数"),
        (IntegerWidget(), "很多", "应为整数"),
        (BooleanWidget(), "也许", "应填“是”或“否”"),
        (TimeWidget(), "早上", "不是有效时间"),
    ]:
        with pytest.raises(ValueError, match=fragment):
            widget.clean(value)


def test_ledger_import_reads_slashed_dates_like_every_other_sheet(world):
    from tests.stations.factories import ServiceStationFactory

    station = ServiceStationFactory(host=world.county_a, name="日期站")
    day = datetime.date.today() - datetime.timedelta(days=3)
    rows = [
        {
            "服务站": station.name,
            "服务日期": f"{day.year}/{day.month}/{day.day}",
            "服务类别": "权益维护",
            "服务内容": "咨询",
        },
        {"服务站": station.name, "服务日期": "昨天", "服务类别": "权益维护", "服务内容": "咨询"},
    ]
    report = resource_for("stations.servicerecord")(user=world.officer).run(sheet(rows), commit=False)
    assert [(e["row"], e["column"]) for e in report.errors] == [(3, "服务日期")]
    assert "不是有效日期" in report.errors[0]["message"]
    assert "Value could not be parsed" not in str(report.errors)


def test_columns_are_named_after_the_model_fields(db):
    """Every column that is a model field carries its verbose name (the station checklist drifted once)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        for label, cls in RESOURCES.items():
            model = cls._meta.model
            for field in cls().get_import_fields():
                try:
                    django_field = model._meta.get_field(field.attribute)
                except FieldDoesNotExist:
                    continue
                if django_field.primary_key:
                    assert field.column_name == "系统编号", label
                elif field.attribute != "cadre":  # a cadre is named by union and name, not as a record
                    assert field.column_name == str(django_field.verbose_name), (label, field.attribute)
    columns = resource_for("stations.stationreview")().import_columns()
    assert (
        "选址合理、方便职工" in columns and str(StationReview._meta.get_field("good_location").verbose_name) in columns
    )


def registration_rows(world, unions, start, count, new_unions=0):
    rows = [
        {
            "基层工会": union.name,
            "单位名称": f"登记单位{start + n}",
            "职工人数": 30,
            "会员人数": 25,
            "主席当选日期": "2024-03-01",
            "单位统一社会信用代码": valid_credit_code(7000 + start + n),
        }
        for n, union in enumerate(unions[start : start + count])
    ]
    for n in range(new_unions):
        # a union the tree lacks, registered under its 上级组织 first
        rows.append({"基层工会": f"登记新工会{start}-{n}", "上级组织": world.township_a.name, "单位名称": "新单位",
                     "职工人数": 5, "会员人数": 5})  # fmt: skip
    return sheet(rows)


@pytest.mark.parametrize("commit", [False, True])
def test_registration_import_costs_the_same_queries_for_10_or_40_rows(world, commit):
    """Registrations are validated and written set-based: new ones and updates of stored ones (whose covered
    units count towards the membership rate), and new unions registered under their 上级组织 on the way."""
    from unions.models import CoveredEmployer, Registration

    unions = [OrganisationFactory(parent=world.county_a, name=f"登记批量{n}") for n in range(100)]
    # Half the unions are registered already (joint unions with a covered unit): those rows update them.
    for union in unions[::2]:
        registration = Registration.objects.create(
            organisation=union, employer_name="旧单位", employees=10, members=10, is_joint=True
        )
        CoveredEmployer.objects.create(registration=registration, name="小店", employees=8)
    registered = Registration.objects.count()
    small, report = queries_for(
        resource_for("unions.registration")(user=world.officer), registration_rows(world, unions, 0, 10, 2), commit
    )
    assert not report.errors, report.errors
    large, report = queries_for(
        resource_for("unions.registration")(user=world.officer), registration_rows(world, unions, 20, 40, 8), commit
    )
    assert not report.errors, report.errors
    assert (report.created, report.updated) == (28, 20)
    assert large == small, f"{small} queries for 12 rows, {large} for 48"
    assert Registration.objects.count() == registered + (7 + 28 if commit else 0)
    if commit:
        updated = Registration.objects.get(organisation=unions[20])
        assert updated.employer_name == "登记单位20" and updated.next_election_due == datetime.date(2029, 3, 1)
        assert updated.history.latest().history_user == world.officer
        fresh = Registration.objects.get(organisation__name="登记新工会20-3")
        assert fresh.organisation.parent == world.township_a and fresh.history.get().history_user == world.officer

    # The membership rate counts the covered units of a stored registration: 25 members of 10 + 8 workers is
    # refused, with the form's message, and nothing is written.
    rows = registration_rows(world, unions, 60, 1)
    rows.dict = [{**rows.dict[0], "职工人数": 10}]
    _queries, report = queries_for(resource_for("unions.registration")(user=world.officer), rows, True)
    assert report.errors and "不能多于职工人数" in str(report.errors)
    assert Registration.objects.get(organisation=unions[60]).employer_name == "旧单位"
