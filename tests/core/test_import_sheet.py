"""`manage.py import_sheet` and the bounds every import keeps (rows, time, unpacked size, declared size)."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from core.imports import load_dataset
from orgs.models import Organisation


def write_csv(tmp_path, rows, name="sheet.csv"):
    headers = list(dict.fromkeys(k for row in rows for k in row))
    lines = [",".join(headers)] + [",".join(str(row.get(h, "")) for h in headers) for row in rows]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return str(path)


def write_xlsx(tmp_path, rows, name="sheet.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return str(path)


def rewrite_sheet(path, change):
    """Rewrite the first sheet's XML of an xlsx in place with `change(xml) -> xml`."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = change(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def run(*args):
    out = io.StringIO()
    call_command("import_sheet", *args, stdout=out)
    return out.getvalue()


def rows_for(world, names):
    return [{"名称": name, "层级": "基层工会", "上级组织": world.county_a.name} for name in names]


def test_command_imports_a_sheet_as_the_user_with_the_page_report(world, tmp_path):
    path = write_csv(tmp_path, rows_for(world, ["命令工会甲", "命令工会乙"]))
    officer = world.officer.username
    out = run("orgs.organisation", path, "--user", officer, "--dry-run")
    assert "读取 2 行：新增 2，更新 0，有误 0。" in out and "未写入" in out
    assert not Organisation.objects.filter(name__startswith="命令工会").exists()
    out = run("orgs.organisation", path, "--user", officer)
    assert "新增 2" in out and "已导入" in out
    union = Organisation.objects.get(name="命令工会甲")
    assert union.parent == world.county_a and union.history.get().history_user == world.officer


def test_command_prints_every_error_and_exits_1_writing_nothing(world, tmp_path):
    rows = rows_for(world, ["好工会", "坏工会"])
    rows[1]["上级组织"] = world.county_b.name  # outside the officer's scope
    path = write_csv(tmp_path, rows)
    out = io.StringIO()
    with pytest.raises(CommandError, match="一条也没有写入") as raised:
        call_command("import_sheet", "orgs.organisation", path, "--user", world.officer.username, stdout=out)
    assert "读取 2 行：新增 0，更新 0，有误 1。" in out.getvalue()
    assert re.search(r"第 3 行\t上级组织\t找不到“.+”，或它不在您的管理范围内。", out.getvalue())
    assert raised.value.returncode == 1
    assert not Organisation.objects.filter(name="好工会").exists()


def test_command_refuses_unknown_imports_users_and_readers(world, tmp_path):
    path = write_csv(tmp_path, rows_for(world, ["某工会"]))
    with pytest.raises(CommandError, match="没有名为“orgs.nothing”的导入"):
        run("orgs.nothing", path, "--user", world.officer.username)
    with pytest.raises(CommandError, match="有效用户"):
        run("orgs.organisation", path, "--user", "nobody")
    with pytest.raises(CommandError, match="没有导入数据的权限"):
        run("orgs.organisation", path, "--user", world.viewer.username)


def test_rows_beyond_the_limit_are_refused(world, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    path = write_csv(tmp_path, rows_for(world, [f"限行工会{n}" for n in range(5)]))
    with pytest.raises(CommandError):
        out = io.StringIO()
        call_command("import_sheet", "orgs.organisation", path, "--user", world.officer.username, stdout=out)
    assert "超过每次导入的上限 3 行" in out.getvalue()
    xlsx = write_xlsx(tmp_path, [["名称", "层级", "上级组织"]] + [[f"x{n}", "基层工会", "甲县"] for n in range(5)])
    with pytest.raises(Exception, match="超过每次导入的上限 3 行"):
        load_dataset(xlsx, "sheet.xlsx")


def test_an_import_past_its_time_limit_is_rolled_back(world, tmp_path, settings):
    settings.IMPORT_TIME_LIMIT = -1
    path = write_csv(tmp_path, rows_for(world, ["超时工会"]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_sheet", "orgs.organisation", path, "--user", world.officer.username, stdout=out)
    assert "超过时限" in out.getvalue()
    assert not Organisation.objects.filter(name="超时工会").exists()


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    path = write_xlsx(tmp_path, [["名称"], ["甲"]])
    # 5 MB of padding compress to a few kilobytes: far more sheet than the file suggests.
    rewrite_sheet(path, lambda xml: xml.replace("<sheetData>", "<sheetData>" + " " * (5 * 1024 * 1024)))
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").compress_size < 100_000
    with pytest.raises(Exception, match="解压后有 5 MB") as raised:
        load_dataset(path, "bomb.xlsx")
    assert "远大于它本身的大小" in str(raised.value)


def test_a_huge_declared_dimension_is_refused(tmp_path):
    path = write_xlsx(tmp_path, [["名称"], ["甲"]])
    rewrite_sheet(path, lambda xml: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:XFD1048576"', xml))
    with pytest.raises(Exception, match="1048576 行 × 16384 列"):
        load_dataset(path, "huge.xlsx")


def test_a_wrong_declared_dimension_is_read_by_its_real_rows(world, tmp_path):
    rows = [["名称", "层级", "上级组织"]] + [[f"维度工会{n}", "基层工会", world.county_a.name] for n in range(3)]
    path = write_xlsx(tmp_path, rows)
    rewrite_sheet(path, lambda xml: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:A1"', xml))
    assert '<dimension ref="A1:A1"' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    dataset = load_dataset(path, "sheet.xlsx")
    assert dataset.headers == ["名称", "层级", "上级组织"] and len(dataset) == 3
    out = run("orgs.organisation", path, "--user", world.officer.username)
    assert "读取 3 行：新增 3" in out
    assert Organisation.objects.filter(name__startswith="维度工会").count() == 3
