"""Figures for the organisation list at the current database size: queries and time per page.

Usage (after seed_demo, and seed_scale for a large tree):
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/org_list.py
Prints one line per page and user: organisations in the database, query count, median milliseconds.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The test settings: DEBUG off (templates render as in production) without needing collectstatic or TLS.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from orgs.models import Organisation  # noqa: E402

REPEAT = 5


def measure(client, url):
    client.get(url, HTTP_HOST="127.0.0.1")  # warm: templates compiled, caches filled
    timings = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - started) * 1000)
    return len(queries), statistics.median(timings), response.status_code


def main():
    total = Organisation.objects.count()
    grassroots = Organisation.objects.filter(level="grassroots").count()
    xining = Organisation.objects.get(division_code="630100000000", level="prefecture")
    print(f"database: {connection.vendor}; organisations: {total}; grassroots: {grassroots}")
    pages = [
        ("list", "/orgs/"),
        ("list grassroots page 40", "/orgs/?level=grassroots&page=40"),
        ("list search 青海", "/orgs/?q=%E9%9D%92%E6%B5%B7"),
        ("list within 西宁", f"/orgs/?within={xining.pk}"),
        ("api list", "/api/v1/orgs/"),
        ("api within 西宁", f"/api/v1/orgs/?within={xining.pk}"),  # out of scope for chengdong: 400
        ("tree children 西宁", f"/orgs/tree/?parent={xining.pk}"),
        ("stats", "/orgs/stats/"),
    ]
    users = ["admin", "sheng", "xining", "chengdong"]
    print(f"{'page':<26}{'user':<11}{'queries':>8}{'median ms':>11}")
    for label, url in pages:
        for username in users:
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            count, ms, status = measure(client, url)
            note = "" if status == 200 else f"  (HTTP {status})"
            print(f"{label:<26}{username:<11}{count:>8}{ms:>11.1f}{note}")


if __name__ == "__main__":
    main()
