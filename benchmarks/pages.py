"""Figures for the 会, 站 and 家 pages at the current database size: queries and median time per page and user.

Usage (after seed_demo):
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/pages.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.org_list import measure  # noqa: E402
from orgs.models import Organisation  # noqa: E402


def main():
    from django.contrib.auth import get_user_model

    from homes.models import WorkersHome
    from stations.models import ServiceStation
    from unions.models import AnnualReturn, Registration, ReturnPeriod

    union = Registration.objects.filter(organisation__parent__division_code="630102000000").first().organisation
    station = ServiceStation.objects.filter(host__division_code__startswith="630102").first()
    home = WorkersHome.objects.filter(organisation=union).first() or WorkersHome.objects.first()
    period = ReturnPeriod.objects.filter(unit__division_code="630102000000").first()
    print(
        f"database: {connection.vendor}; organisations: {Organisation.objects.count()}; "
        f"registrations: {Registration.objects.count()}; annual returns: {AnnualReturn.objects.count()}"
    )
    pages = [
        ("union page (会站家 panels)", union.get_absolute_url()),
        ("registration list", "/unions/registrations/"),
        ("registration list, six-has no", "/unions/registrations/?six_has=no"),
        ("six-has page", f"/unions/six-has/{union.pk}/"),
        ("elections due", "/unions/elections-due/"),
        ("annual returns", "/unions/returns/?year=2025"),
        ("period page", period.get_absolute_url()),
        ("completeness", "/unions/completeness/?year=2025"),
        ("unorganised employers", "/unions/unorganised/"),
        ("cadres", "/cadres/"),
        ("stations", "/stations/"),
        ("station page", station.get_absolute_url()),
        ("service ledger", "/stations/records/"),
        ("homes", "/homes/"),
        ("home page", home.get_absolute_url()),
        ("activities", "/activities/"),
        ("api registrations", "/api/v1/registrations/"),
        ("api annual returns", "/api/v1/annual-returns/"),
    ]
    users = ["sheng", "xining", "chengdong"]
    print(f"{'page':<32}{'user':<11}{'queries':>8}{'median ms':>11}")
    for label, url in pages:
        for username in users:
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            queries, ms, status = measure(client, url)
            note = "" if status == 200 else f"  (HTTP {status})"
            print(f"{label:<32}{username:<11}{queries:>8}{ms:>11.0f}{note}")


if __name__ == "__main__":
    main()
