"""No exported cell is a live formula, whichever door the text came in by (form, API, import), in the csv and
xlsx exports built in the request and by the export job; the stored text stays what the user typed."""

import csv
import io

import openpyxl
import pytest
from django.test import TestCase
from django.urls import reverse

from core.exports import neutralise
from core.models import ExportJob
from core.testing import api_client, upload
from orgs.models import Organisation

FORMULAS = ['=HYPERLINK("http://example.invalid","点我")', "+1+2", "-3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1"]


def cells_of(fmt, content):
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [cell for row in book.worksheets[0].iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells), "a cell was written as a formula"
    return [cell.value for cell in cells]


def assert_safe(fmt, content, typed):
    cells = cells_of(fmt, content)
    if fmt == "csv":
        assert "'" + typed in cells and typed not in cells
    else:
        assert typed in cells  # a text cell, exactly what was typed


def create_through(door, client, world, address):
    name = f"公式测试工会{door}"
    if door == "form":
        client.post(
            reverse("orgs:organisation_add"),
            {"name": name, "level": "grassroots", "parent": world.county_a.pk, "address": address},
        )
    elif door == "api":
        api_client(world.officer).post(
            reverse("api:organisation-list"),
            {"name": name, "level": "grassroots", "parent": world.county_a.pk, "address": address},
            format="json",
        )
    else:
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = upload(
                client,
                reverse("orgs:organisation_import"),
                [{"名称": name, "层级": "基层工会", "上级组织": world.county_a.name, "地址": address}],
            )
        job = response["Location"].rstrip("/").split("/")[-1]
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(reverse("core:importjob_detail", args=[job]), {"confirm": "1"})
    return Organisation.objects.get(name=name)


@pytest.mark.parametrize("door", ["form", "api", "import"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_typed_formulas_come_out_inert(client, world, door, fmt):
    client.force_login(world.officer)
    typed = FORMULAS[0]
    org = create_through(door, client, world, typed)
    assert org.address == typed  # stored as typed
    response = client.get(reverse("orgs:organisation_list"), {"export": fmt, "q": "公式测试"})
    assert response.status_code == 200
    assert_safe(fmt, response.content, typed)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_job_is_as_safe(client, world, settings, fmt):
    settings.EXPORT_SYNC_LIMIT = 0
    client.force_login(world.officer)
    typed = FORMULAS[0]
    create_through("api", client, world, typed)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.get(reverse("orgs:organisation_list"), {"export": fmt, "q": "公式测试"})
    job = ExportJob.objects.get()
    assert job.state == ExportJob.State.DONE
    assert_safe(fmt, job.file.read(), typed)


@pytest.mark.parametrize("typed", FORMULAS)
def test_every_formula_start_is_neutralised(typed):
    assert neutralise(typed) == "'" + typed


@pytest.mark.parametrize("plain", ["-5", "+3.5", "1e5", "甲工会", "", "a=b"])
def test_numbers_and_plain_text_stay(plain):
    assert neutralise(plain) == plain
