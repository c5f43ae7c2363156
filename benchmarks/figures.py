"""Figures and target-plan pages at the current database size: queries and median time per page and user.

Usage (after seed_demo):
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/figures.py
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
    from django.utils import timezone

    from assessment.models import TargetPlan

    year = timezone.localdate().year
    province = Organisation.objects.get(division_code="630000000000", level="province")
    xining = Organisation.objects.get(division_code="630100000000", level="prefecture")
    chengdong = Organisation.objects.get(division_code="630102000000", level="county")
    plans = list(TargetPlan.objects.filter(year=year).order_by("pk")[:2])
    print(f"database: {connection.vendor}; organisations: {Organisation.objects.count()}")
    pages = [
        ("api figures 省", f"/api/v1/figures/?organisation={province.pk}&year={year}"),
        ("api figures 省 by children", f"/api/v1/figures/?organisation={province.pk}&year={year}&by=children"),
        ("api figures 西宁 by children", f"/api/v1/figures/?organisation={xining.pk}&year={year}&by=children"),
        ("figures page 西宁", f"/figures/{xining.pk}/?year={year}"),
        ("figure units 西宁 six-has", f"/figures/{xining.pk}/six_has_rate/?year={year}"),
        ("union page 城东区", chengdong.get_absolute_url()),
        *[(f"plan page {plan.issuer.name}", plan.get_absolute_url()) for plan in plans],
        ("targets list", "/assessment/targets/"),
        ("api targets", "/api/v1/assessment/targets/"),
        ("allocation totals", f"/assessment/allocations/totals/?organisation={xining.pk}"),
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
