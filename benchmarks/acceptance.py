"""Figures for the acceptance pages at the current database size: the report sheet, one sheet save (the autosave
of a score), the report PDF and the lists, each beside the annual-return page as a baseline of a plain record page.

Usage (after seed_demo):
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/acceptance.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.org_list import measure  # noqa: E402

REPEAT = 7


def measure_post(client, url, data_for):
    timings = []
    for index in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(url, data_for(index), HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - started) * 1000)
    return len(queries), statistics.median(timings), response.status_code


def main():
    from django.contrib.auth import get_user_model

    from assessment.models import AcceptanceReport, ReportItem
    from unions.models import AnnualReturn

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["jiancha", "chengdong", "xining"])}
    report = AcceptanceReport.objects.filter(state="submitted", inspectors=users["jiancha"]).first()
    rows = ReportItem.objects.filter(report=report).count()
    baseline = (
        AnnualReturn.objects.filter(organisation__parent__division_code="630102000000").first()
        or AnnualReturn.objects.first()
    )
    print(f"database: {connection.vendor}; reports: {AcceptanceReport.objects.count()}; sheet rows: {rows}")
    print(f"{'page':<40}{'user':<11}{'queries':>8}{'median ms':>11}")
    pages = [
        ("baseline: annual return page", baseline.get_absolute_url(), "chengdong"),
        ("report sheet (28 items, live figures)", report.get_absolute_url(), "jiancha"),
        ("report sheet", report.get_absolute_url(), "xining"),
        ("report list", "/assessment/reports/", "xining"),
        ("rectification list", "/assessment/rectifications/", "chengdong"),
        ("home page", "/", "jiancha"),
        ("home page", "/", "chengdong"),
        ("api report items", f"/api/v1/assessment/reports/{report.pk}/items/", "jiancha"),
    ]
    for label, url, username in pages:
        client = Client()
        client.force_login(users[username])
        queries, ms, status = measure(client, url)
        note = "" if status == 200 else f"  (HTTP {status})"
        print(f"{label:<40}{username:<11}{queries:>8}{ms:>11.0f}{note}")
    client = Client()
    client.force_login(users["jiancha"])
    item = report.items.select_related("item").order_by("item__order")[2].item
    url = f"/assessment/reports/{report.pk}/items/{item.pk}/"
    scores = ["3.5", "4"]
    queries, ms, status = measure_post(client, url, lambda i: {"accepted_score": scores[i % 2]})
    print(f"{'sheet save (one 验收分, autosave)':<40}{'jiancha':<11}{queries:>8}{ms:>11.0f}  (HTTP {status})")
    from assessment.acceptance_pdf import report_pdf

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        content = report_pdf(report)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"{'report PDF':<40}{'':<11}{'':>8}{statistics.median(timings):>11.0f}  ({len(content):,} bytes)")
    client.post(url, {"accepted_score": ""}, HTTP_HOST="127.0.0.1")


if __name__ == "__main__":
    main()
