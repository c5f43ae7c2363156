"""Spreadsheet import of organisations through /orgs/import/, as a county or prefecture officer uses it.

Every upload goes through the page, the queued job (run eagerly on commit) and the job page; the assertions
look at what the user sees there and at what the database holds afterwards.
"""

import io

import openpyxl
import pytest
import tablib
from django.test import TestCase
from django.urls import reverse

from core.models import ImportJob
from core.testing import upload
from orgs.choices import Level
from orgs.models import Organisation
from orgs.resources import OrganisationResource
from tests.factories import OrganisationFactory, valid_credit_code

IMPORT_URL = "/orgs/import/"
HEADERS = [str(f.column_name) for f in OrganisationResource().get_import_fields()]


def post_file(client, content, name):
    handle = io.BytesIO(content)
    handle.name = name
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(IMPORT_URL, {"file": handle})


def upload_rows(client, rows, name="data.xlsx"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return upload(client, IMPORT_URL, rows, name=name)


def job_from(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    location = response["Location"]
    assert location.startswith("/imports/")
    return ImportJob.objects.get(pk=int(location.rstrip("/").split("/")[-1])), location


def confirm(client, job_url):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(job_url)


def errors_by_row(job):
    found = {}
    for error in job.errors:
        found.setdefault(error["row"], []).append(error)
    return found


def csv_bytes(headers, rows, bom=True):
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append(row)
    return ("\ufeff" if bom else "").encode() + dataset.export("csv").encode("utf-8")


def org_names(parent):
    return set(Organisation.objects.filter(parent=parent).values_list("name", flat=True))


# --- the template --------------------------------------------------------------------------------------------
def test_template_is_an_xlsx_with_chinese_headers_and_instructions(client, world):
    client.force_login(world.officer)
    response = client.get(IMPORT_URL, {"template": "1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"] and "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data, notes = book.worksheets[0], book.worksheets[1]
    headers = [cell.value for cell in next(data.iter_rows(max_row=1))]
    assert headers == HEADERS
    assert {"名称", "层级", "上级组织", "统一社会信用代码", "系统编号"} <= set(headers)
    assert data.max_row == 1, "the template has no data rows"
    assert notes.title == "填写说明"
    note_rows = list(notes.iter_rows(values_only=True))
    assert note_rows[0] == ("列名", "是否必填", "填写说明")
    by_column = {row[0]: row for row in note_rows[1:]}
    assert set(by_column) == set(HEADERS)
    for column in ("名称", "层级", "上级组织"):
        assert by_column[column][1] == "必填"
    assert by_column["地址"][1] == "选填"
    assert "区划代码" in by_column["上级组织"][2]


def test_import_page_lists_columns_and_needs_a_write_role(client, world):
    assert client.get(IMPORT_URL).status_code == 302  # anonymous: to login
    client.force_login(world.officer)
    page = client.get(IMPORT_URL).content.decode()
    assert "下载模板" in page and "上级组织" in page
    client.force_login(world.viewer)
    assert client.get(IMPORT_URL).status_code == 403


# --- every bad row, and nothing written --------------------------------------------------------------------
def test_every_bad_row_is_reported_and_nothing_is_written(client, world):
    county = world.county_a
    bad_code = valid_credit_code(7)[:17] + ("0" if valid_credit_code(7)[17] != "0" else "1")
    rows = [
        {"名称": "好的工会一", "层级": "基层工会", "上级组织": county.division_code, "统一社会信用代码": ""},  # 2
        {"名称": "层级写错工会", "层级": "村工会", "上级组织": county.name, "统一社会信用代码": ""},  # 3
        {"名称": "上级不存在工会", "层级": "基层工会", "上级组织": "不存在的总工会", "统一社会信用代码": ""},  # 4
        {"名称": "越权工会", "层级": "基层工会", "上级组织": world.county_b.name, "统一社会信用代码": ""},  # 5
        {"名称": "代码错误工会", "层级": "基层工会", "上级组织": county.name, "统一社会信用代码": bad_code},  # 6
        {"名称": world.township_a.name, "层级": "乡镇(街道)、园区工会", "上级组织": county.name},  # 7 sibling
        {"名称": "", "层级": "基层工会", "上级组织": county.name, "统一社会信用代码": ""},  # 8 blank name
        {"名称": "好的工会二", "层级": "grassroots", "上级组织": county.name, "统一社会信用代码": ""},  # 9
    ]
    client.force_login(world.officer)
    before = Organisation.objects.count()
    job, job_url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    found = errors_by_row(job)
    assert set(found) == {3, 4, 5, 6, 7, 8}, job.errors
    assert [e["column"] for e in found[3]] == ["层级"] and "不是可选的值" in found[3][0]["message"]
    assert [e["column"] for e in found[4]] == ["上级组织"] and "不存在的总工会" in found[4][0]["message"]
    assert [e["column"] for e in found[5]] == ["上级组织"] and "管理范围" in found[5][0]["message"]
    assert [e["column"] for e in found[6]] == ["统一社会信用代码"] and "校验位" in found[6][0]["message"]
    assert [e["column"] for e in found[7]] == ["名称"] and "同一上级组织下已有" in found[7][0]["message"]
    assert [e["column"] for e in found[8]] == ["名称"] and "不能为空" in found[8][0]["message"]
    # Nothing was written, not even the good rows 2 and 9.
    assert Organisation.objects.count() == before
    assert not Organisation.objects.filter(name__in=["好的工会一", "好的工会二"]).exists()
    # The job page shows each row number, column and reason, and offers no confirmation.
    page = client.get(job_url).content.decode()
    assert "发现 6 处错误" in page and "一条也没有写入" in page
    for row, errors in found.items():
        assert f"<td>{row}</td><td>{errors[0]['column']}</td>" in page
    assert "确认导入" not in page
    # Confirming an invalid job is refused and still writes nothing.
    response = confirm(client, job_url)
    assert response.status_code == 302
    assert Organisation.objects.count() == before
    assert "只有校验通过" in client.get(job_url).content.decode()


def test_a_good_file_is_previewed_then_written_only_on_confirmation(client, world):
    rows = [
        {"名称": "预览工会甲", "层级": "基层工会", "上级组织": world.county_a.name, "地址": "城东路1号"},
        {"名称": "预览工会乙", "层级": "基层工会", "上级组织": world.township_a.name, "地址": ""},
    ]
    client.force_login(world.officer)
    job, job_url = job_from(upload_rows(client, rows))
    page = client.get(job_url).content.decode()
    assert "校验通过" in page and "将新增 2 条" in page
    assert "预览工会甲" in page and "城东路1号" in page  # the preview
    assert not Organisation.objects.filter(name__startswith="预览工会").exists()
    confirm(client, job_url)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.new_rows == 2
    created = Organisation.objects.get(name="预览工会甲")
    assert created.parent == world.county_a and created.address == "城东路1号"
    assert Organisation.objects.get(name="预览工会乙").parent == world.township_a
    assert created.history.first().history_user == world.officer
    assert "已导入：新增 2 条" in client.get(job_url).content.decode()
    # A second confirmation is refused: the job is done.
    confirm(client, job_url)
    assert Organisation.objects.filter(name="预览工会甲").count() == 1


def test_duplicate_names_inside_one_file_are_reported(client, world):
    rows = [
        {"名称": "同名工会", "层级": "基层工会", "上级组织": world.county_a.name},
        {"名称": "同名工会", "层级": "基层工会", "上级组织": world.county_a.name},
    ]
    client.force_login(world.officer)
    job, _url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "名称")]
    assert not Organisation.objects.filter(name="同名工会").exists()


# --- the columns -------------------------------------------------------------------------------------------
def test_missing_required_column_and_unknown_column_are_reported(client, world):
    rows = [{"名称": "缺列工会", "层级": "基层工会", "备注": "随便写的"}]
    client.force_login(world.officer)
    job, job_url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    assert {(e["row"], e["column"]) for e in job.errors} == {(1, "上级组织"), (1, "备注")}
    messages = " ".join(e["message"] for e in job.errors)
    assert "缺少必填列" in messages and "无法识别的列" in messages
    page = client.get(job_url).content.decode()
    assert "缺少必填列“上级组织”" in page and "无法识别的列“备注”" in page
    assert not Organisation.objects.filter(name="缺列工会").exists()


# --- the file itself ---------------------------------------------------------------------------------------
def test_a_text_file_is_refused_on_the_upload_page(client, world):
    client.force_login(world.officer)
    response = post_file(client, "名称,层级\n".encode(), "orgs.txt")
    assert response.status_code == 200
    assert "只能导入 .xlsx 或 .csv 文件" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_damaged_xlsx_is_refused_with_a_clear_message(client, world):
    client.force_login(world.officer)
    before = Organisation.objects.count()
    job, job_url = job_from(post_file(client, b"PK\x03\x04 this is not really a workbook", "orgs.xlsx"))
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    page = client.get(job_url).content.decode()
    assert "无法读取该文件" in page
    assert Organisation.objects.count() == before


def test_a_csv_in_a_legacy_encoding_is_refused_with_a_clear_message(client, world):
    client.force_login(world.officer)
    content = "名称,层级,上级组织\n编码工会,基层工会,甲一区总工会\n".encode("gbk")
    job, job_url = job_from(post_file(client, content, "orgs.csv"))
    assert "UTF-8" in client.get(job_url).content.decode()
    assert not Organisation.objects.filter(name="编码工会").exists()


def test_csv_utf8_with_bom_imports(client, world):
    content = csv_bytes(
        ["名称", "层级", "上级组织", "统一社会信用代码"],
        [["逗号分隔工会", "基层工会", world.county_a.division_code, valid_credit_code(11, kind="81")]],
    )
    assert content.startswith(b"\xef\xbb\xbf")
    client.force_login(world.officer)
    job, job_url = job_from(post_file(client, content, "orgs.csv"))
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED, job.errors
    confirm(client, job_url)
    created = Organisation.objects.get(name="逗号分隔工会")
    assert created.parent == world.county_a
    assert created.credit_code == valid_credit_code(11, kind="81")


# --- naming the parent -------------------------------------------------------------------------------------
@pytest.fixture
def parents(world):
    """Under prefecture_a: two townships with the same name in different counties, and one with a credit code."""
    county_c = OrganisationFactory(
        name="甲二县总工会", level=Level.COUNTY, parent=world.prefecture_a, division_code="630121000000"
    )
    OrganisationFactory(name="新城街道工会", level=Level.TOWNSHIP, parent=world.county_a)
    OrganisationFactory(name="新城街道工会", level=Level.TOWNSHIP, parent=county_c)
    coded = OrganisationFactory(
        name="工业园区工会", level=Level.TOWNSHIP, parent=county_c, credit_code=valid_credit_code(21, kind="81")
    )
    long_name = OrganisationFactory(name="西宁市城东区建设巷街道园区工会联合会", level=Level.TOWNSHIP, parent=county_c)
    assert len(long_name.name) == 18
    return {"county_c": county_c, "coded": coded, "long_name": long_name}


def test_parents_by_division_code_credit_code_path_and_unique_name(client, world, parents):
    county_c = parents["county_c"]
    rows = [
        {"名称": "按区划代码工会", "层级": "基层工会", "上级组织": county_c.division_code},
        {"名称": "按信用代码工会", "层级": "基层工会", "上级组织": parents["coded"].credit_code.lower()},
        {"名称": "按路径工会", "层级": "基层工会", "上级组织": "测试省总工会/甲市总工会/甲一区总工会/新城街道工会"},
        {
            "名称": "按全角路径工会",
            "层级": "基层工会",
            "上级组织": "测试省总工会／甲市总工会／甲二县总工会／新城街道工会",
        },
        {"名称": "按名称工会", "层级": "基层工会", "上级组织": world.township_a.name},
    ]
    client.force_login(world.prefecture_officer)
    job, job_url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED, job.errors
    confirm(client, job_url)
    parent_of = dict(Organisation.objects.filter(name__startswith="按").values_list("name", "parent__name"))
    assert parent_of == {
        "按区划代码工会": "甲二县总工会",
        "按信用代码工会": "工业园区工会",
        "按路径工会": "新城街道工会",
        "按全角路径工会": "新城街道工会",
        "按名称工会": world.township_a.name,
    }
    assert Organisation.objects.get(name="按路径工会").parent.parent == world.county_a
    assert Organisation.objects.get(name="按全角路径工会").parent.parent == county_c


def test_a_parent_named_by_an_eighteen_character_name(client, world, parents):
    """An 18-character Chinese name is a name, not a credit code."""
    rows = [{"名称": "长名下属工会", "层级": "基层工会", "上级组织": parents["long_name"].name}]
    client.force_login(world.prefecture_officer)
    job, _url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED, job.errors


def test_an_ambiguous_parent_name_is_reported(client, world, parents):
    rows = [
        {"名称": "歧义工会", "层级": "基层工会", "上级组织": "新城街道工会"},
        {"名称": "明确工会", "层级": "基层工会", "上级组织": "测试省总工会/甲市总工会/甲二县总工会/新城街道工会"},
    ]
    client.force_login(world.prefecture_officer)
    job, _url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "上级组织")]
    assert "对应多个组织" in job.errors[0]["message"]
    assert "找不到路径" not in str(job.errors)
    assert not Organisation.objects.filter(name__in=["歧义工会", "明确工会"]).exists()


def test_a_name_ambiguous_only_outside_scope_is_not_ambiguous(client, world, parents):
    """The county officer sees one 新城街道工会; the other (in 甲二县) is not theirs and is not counted."""
    rows = [{"名称": "唯一工会", "层级": "基层工会", "上级组织": "新城街道工会"}]
    client.force_login(world.officer)
    job, _url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED, job.errors


def test_a_path_out_of_scope_reads_the_same_as_a_path_that_does_not_exist(client, world):
    """Naming another county's organisation by path must not tell whether it exists."""
    OrganisationFactory(name="乙一镇工会", level=Level.TOWNSHIP, parent=world.county_b)
    rows = [
        {"名称": "甲工会", "层级": "基层工会", "上级组织": "测试省总工会/乙州总工会/乙一县总工会/乙一镇工会"},
        {"名称": "乙工会", "层级": "基层工会", "上级组织": "测试省总工会/乙州总工会/乙一县总工会/乙二镇工会"},
    ]
    client.force_login(world.officer)
    job, _url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    found = errors_by_row(job)
    assert set(found) == {2, 3}
    existing, missing = found[2][0]["message"], found[3][0]["message"]
    assert existing.replace("乙一镇工会", "X") == missing.replace("乙二镇工会", "X")


# --- blank rows ----------------------------------------------------------------------------------------------
def test_blank_rows_are_skipped_and_row_numbers_still_match_the_sheet(client, world):
    rows = [
        {"名称": "空行前工会", "层级": "基层工会", "上级组织": world.county_a.name},
        {"名称": "", "层级": "", "上级组织": ""},
        {"名称": "空行后工会", "层级": "基层工会", "上级组织": world.county_a.name},
        {"名称": "", "层级": "", "上级组织": ""},
    ]
    client.force_login(world.officer)
    job, job_url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED, job.errors
    assert job.new_rows == 2
    confirm(client, job_url)
    assert {"空行前工会", "空行后工会"} <= org_names(world.county_a)
    # A bad row after a blank row is reported with its own sheet row number.
    rows[2] = {"名称": "空行后坏工会", "层级": "坏层级", "上级组织": world.county_a.name}
    rows[0] = {"名称": "空行前工会二", "层级": "基层工会", "上级组织": world.county_a.name}
    job, _url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "层级")]


def test_csv_blank_lines_keep_row_numbers(client, world):
    """A truly empty line in a CSV (not ",,") still counts as a sheet row when errors are numbered."""
    content = (
        "\ufeff名称,层级,上级组织\r\n前面的工会,基层工会,甲一区总工会\r\n\r\n后面的工会,坏层级,甲一区总工会\r\n"
    ).encode()
    client.force_login(world.officer)
    job, _url = job_from(post_file(client, content, "orgs.csv"))
    job.refresh_from_db()
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "层级")]


def test_a_filled_template_saved_on_its_instructions_sheet_still_imports(client, world):
    """Users often save the workbook while looking at 填写说明; the data sheet is still the one read."""
    client.force_login(world.officer)
    book = openpyxl.load_workbook(io.BytesIO(client.get(IMPORT_URL, {"template": "1"}).content))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    values = {"名称": "模板填写工会", "层级": "基层工会", "上级组织": world.county_a.division_code}
    sheet.append([values.get(h) for h in headers])
    book.active = 1
    out = io.BytesIO()
    book.save(out)
    job, _url = job_from(post_file(client, out.getvalue(), "filled.xlsx"))
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED, job.errors
    assert job.new_rows == 1


# --- round trip --------------------------------------------------------------------------------------------
def test_reimporting_an_export_updates_by_system_number(client, world):
    grassroots = OrganisationFactory(name="往返工会", level=Level.GRASSROOTS, parent=world.township_a)
    client.force_login(world.officer)
    exported = client.get("/orgs/", {"export": "csv"})
    assert exported.status_code == 200
    dataset = tablib.Dataset().load(exported.content.decode("utf-8-sig"), format="csv")
    assert "系统编号" in dataset.headers
    ids = {int(v) for v in dataset["系统编号"]}
    assert ids == {world.county_a.pk, world.township_a.pk, grassroots.pk}
    # Change an address in the file, as a user would in Excel, and upload it back.
    address = dataset.headers.index("地址")
    rows = [list(row) for row in dataset]
    for row in rows:
        if row[dataset.headers.index("名称")] == "往返工会":
            row[address] = "新地址88号"
    content = csv_bytes(dataset.headers, rows)
    before = Organisation.objects.count()
    job, job_url = job_from(post_file(client, content, "export.csv"))
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED, job.errors
    assert (job.new_rows, job.updated_rows) == (0, 3)
    confirm(client, job_url)
    assert Organisation.objects.count() == before
    grassroots.refresh_from_db()
    assert grassroots.address == "新地址88号"
    assert grassroots.parent == world.township_a
    assert grassroots.history.first().history_user == world.officer


def test_reimporting_an_xlsx_export_of_a_subtree(client, world):
    OrganisationFactory(name="表格往返工会", level=Level.GRASSROOTS, parent=world.township_a)
    client.force_login(world.prefecture_officer)
    exported = client.get("/orgs/", {"export": "xlsx", "within": world.township_a.pk})
    before = Organisation.objects.count()
    job, job_url = job_from(post_file(client, exported.content, "export.xlsx"))
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED, job.errors
    assert (job.new_rows, job.updated_rows) == (0, 2)
    confirm(client, job_url)
    assert Organisation.objects.count() == before


def test_an_unknown_or_foreign_system_number_is_refused(client, world):
    rows = [
        {
            "系统编号": world.county_b.pk,
            "名称": "偷改工会",
            "层级": "区(市、县)总工会",
            "上级组织": world.county_a.name,
        },
        {"系统编号": 999999, "名称": "不存在编号工会", "层级": "基层工会", "上级组织": world.county_a.name},
    ]
    client.force_login(world.officer)
    job, _url = job_from(upload_rows(client, rows))
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    assert sorted(e["row"] for e in job.errors) == [2, 3]
    assert all("系统编号" in e["message"] for e in job.errors)
    world.county_b.refresh_from_db()
    assert world.county_b.name == "乙一县总工会"


# --- whose job ---------------------------------------------------------------------------------------------
def test_another_user_cannot_see_or_confirm_someone_elses_import_job(client, world):
    rows = [{"名称": "私人工会", "层级": "基层工会", "上级组织": world.county_a.name}]
    client.force_login(world.officer)
    job, job_url = job_from(upload_rows(client, rows))
    assert job_url == reverse("core:importjob_detail", args=[job.pk])
    for other in (world.outsider, world.prefecture_officer):
        client.force_login(other)
        assert client.get(job_url).status_code == 404
        assert confirm(client, job_url).status_code == 404
        assert "私人工会" not in client.get(IMPORT_URL).content.decode()
    assert not Organisation.objects.filter(name="私人工会").exists()
    client.force_login(world.officer)
    assert "私人工会" in client.get(job_url).content.decode()
    assert "data.xlsx" in client.get(IMPORT_URL).content.decode()  # in "my recent imports"


def test_reimport_cannot_move_the_users_top_organisation_out_of_scope(client, world):
    client.force_login(world.officer)
    exported = client.get("/orgs/", {"export": "csv"})
    dataset = tablib.Dataset().load(exported.content.decode("utf-8-sig"), format="csv")
    name, parent = dataset.headers.index("名称"), dataset.headers.index("上级组织")
    rows = [list(row) for row in dataset]
    for row in rows:
        if row[name] == world.county_a.name:
            assert row[parent] == "测试省总工会/甲市总工会"  # exported as the full path
            row[parent] = "测试省总工会/乙州总工会"
    job, _url = job_from(post_file(client, csv_bytes(dataset.headers, rows), "export.csv"))
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "上级组织")]
    world.county_a.refresh_from_db()
    assert world.county_a.parent == world.prefecture_a
