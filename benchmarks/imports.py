"""Spreadsheet import speed at the current database size: rows per second to validate and to write, and
queries per batch of 1,000 rows, side by side with the per-row services as a baseline.

Usage (after seed_demo, and seed_scale for a large tree):
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/imports.py [--rows 10000] [--baseline-rows 50]
Builds an .xlsx of new grassroots unions (parents named by division code, path or name, as officers fill
them), a sheet of six-has items and one of registrations, imports each as the province user (`sheng`)
through the same function as the import page and `manage.py import_sheet`, and rolls every write back, so it
can be run again.
"""

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings.test")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.imports import RESOURCES, import_file  # noqa: E402
from orgs.models import Organisation  # noqa: E402
from orgs.resources import OrganisationResource  # noqa: E402


class RowByRow(OrganisationResource):
    """The baseline: every row through organisation_create, validated and attached to the tree one by one."""

    def writes_in_bulk(self, entry):
        return False


def write_sheet(headers, rows):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    book.save(handle.name)
    return handle.name


def union_sheet(count, tag):
    parents = list(
        Organisation.objects.filter(level__in=["county", "township"], status="active")
        .select_related("parent__parent__parent")
        .order_by("pk")
    )
    rows = []
    for n in range(count):
        parent = parents[n % len(parents)]
        if n % 3 == 0 and parent.division_code:
            named = parent.division_code
        elif n % 3 == 1:
            named = "/".join(node.name for node in parent.path())
        else:
            named = parent.division_code or "/".join(node.name for node in parent.path())
        rows.append([f"{tag}企业{n:06d}工会", "基层工会", named, "C", "私营", f"某路{n}号"])
    return write_sheet(["名称", "层级", "上级组织", "行业门类", "经济类型", "地址"], rows)


def six_has_sheet(count):
    from unions.models import SixHasItem

    taken = set(SixHasItem.objects.values_list("organisation_id", flat=True))
    unions = (
        Organisation.objects.filter(level="grassroots", status="active")
        .exclude(pk__in=taken)
        .exclude(credit_code="")
        .values_list("credit_code", flat=True)
    )
    rows = []
    for code in unions.iterator():
        for item in range(1, 7):
            # a reason, since the union's registration may say otherwise (the item then needs one)
            rows.append([code, item, "达标", "2025-06-30", "现场核实"])
        if len(rows) >= count:
            break
    return write_sheet(["基层工会", "项目", "达标情况", "评定日期", "与登记情况不符的理由"], rows[:count]), len(
        rows[:count]
    )


def registration_sheet(count):
    """Registrations of unions that have none yet, named by their credit codes."""
    from unions.models import Registration

    taken = Registration.objects.values_list("organisation_id", flat=True)
    unions = (
        Organisation.objects.filter(level="grassroots", status="active")
        .exclude(pk__in=taken)
        .exclude(credit_code="")
        .order_by("pk")
        .values_list("credit_code", flat=True)[:count]
    )
    rows = [[code, f"登记单位{n}", 40, 30, "2024-03-01"] for n, code in enumerate(unions.iterator())]
    return write_sheet(["基层工会", "单位名称", "职工人数", "会员人数", "主席当选日期"], rows), len(rows)


def measure(target, path, user, commit, resource_class=None):
    """(seconds, queries, report) of one import, rolled back afterwards."""
    if resource_class is not None:
        saved, RESOURCES[target] = RESOURCES[target], resource_class
    try:
        user = get_user_model().objects.get(pk=user.pk)  # a fresh scope memo, as in a new job
        connection.queries_log.clear()
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                _resource, report = import_file(
                    user=user, target=target, path=path, original_name="sheet.xlsx", commit=commit
                )
                seconds = time.perf_counter() - started
            transaction.set_rollback(True)
    finally:
        if resource_class is not None:
            RESOURCES[target] = saved
    if report.errors:
        raise SystemExit(f"{target}: {len(report.errors)} errors, first: {report.errors[:3]}")
    return seconds, len(queries), report


def line(label, rows, seconds, queries):
    batches = math.ceil(rows / settings.IMPORT_BATCH_SIZE)
    print(f"{label:<46}{rows:>7}{seconds:>9.2f}{rows / seconds:>10.0f}{queries:>9}{queries / batches:>12.1f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--baseline-rows", type=int, default=50)
    options = parser.parse_args()
    user = get_user_model().objects.get(username="sheng")
    total = Organisation.objects.count()
    grassroots = Organisation.objects.filter(level="grassroots").count()
    print(f"database: {connection.vendor}; organisations: {total}; grassroots: {grassroots}")
    print(f"{'import':<46}{'rows':>7}{'seconds':>9}{'rows/s':>10}{'queries':>9}{'per batch':>12}")
    path = union_sheet(options.rows, "基准")
    for commit, what in ((False, "validate"), (True, "write")):
        seconds, queries, report = measure("orgs.organisation", path, user, commit)
        assert report.created == options.rows, report.created
        line(f"new unions, set-based: {what}", options.rows, seconds, queries)
    baseline = union_sheet(options.baseline_rows, "逐行")
    for commit, what in ((False, "validate"), (True, "write")) if options.baseline_rows else ():
        seconds, queries, _report = measure("orgs.organisation", baseline, user, commit, RowByRow)
        line(f"new unions, row by row (baseline): {what}", options.baseline_rows, seconds, queries)
    path, rows = six_has_sheet(options.rows)
    for commit, what in ((False, "validate"), (True, "write")):
        seconds, queries, report = measure("unions.sixhasitem", path, user, commit)
        line(f"six-has items, set-based: {what}", rows, seconds, queries)
    path, rows = registration_sheet(options.rows)
    for commit, what in ((False, "validate"), (True, "write")):
        seconds, queries, report = measure("unions.registration", path, user, commit)
        assert report.created == rows, report.created
        line(f"registrations, set-based: {what}", rows, seconds, queries)


if __name__ == "__main__":
    main()
