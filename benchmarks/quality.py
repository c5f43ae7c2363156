"""The data-quality page at the current database size: flags counted per county, the grouped queries of
core.quality against the approach they replaced (every flagged record's organisation fetched and walked up its
parent chain in Python, the 优秀 share grouped in Python), measured side by side in interleaved rounds.

Usage (after seed_demo, and seed_scale --grassroots N --records for a large tree):
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/quality.py [--user sheng] [--rounds 5]
Prints the database size and load, then per approach: queries, median ms and the ratio; then the page itself.
"""

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cadres import quality as cadre_quality  # noqa: E402
from core.quality import checks, counts_by_county, flagged_for  # noqa: E402
from orgs.models import Organisation  # noqa: E402


# --- the approach before (kept here as the baseline) ---------------------------------------------------------
def _county_of(org_id, parent_of, level_of):
    node = org_id
    while node is not None:
        if level_of.get(node) == "county":
            return node
        node = parent_of.get(node)
    return None


class CountyMap:
    def __init__(self):
        upper = Organisation.objects.exclude(level="grassroots").values_list("pk", "parent_id", "level", "name")
        self.parent_of, self.level_of, self.names = {}, {}, {}
        for pk, parent_id, level, name in upper:
            self.parent_of[pk], self.level_of[pk], self.names[pk] = parent_id, level, name

    def county(self, org_id, parent_id):
        return _county_of(org_id if org_id in self.level_of else parent_id, self.parent_of, self.level_of)


def old_excellent_far_above_usual():
    from cadres.choices import Grade
    from cadres.models import CadreAppraisal

    places = CountyMap()
    groups = {}
    rows = CadreAppraisal.objects.values_list(
        "pk", "year", "grade", "cadre__organisation_id", "cadre__organisation__parent_id"
    ).order_by()
    for pk, year, grade, org_id, parent_id in rows:
        group = groups.setdefault((places.county(org_id, parent_id), year), [0, []])
        group[0] += 1
        if grade == Grade.EXCELLENT:
            group[1].append(pk)
    flagged = [
        pk
        for total, excellent in groups.values()
        if total >= cadre_quality.MIN_APPRAISALS and len(excellent) > cadre_quality.EXCELLENT_FLAG_SHARE * total
        for pk in excellent
    ]
    return CadreAppraisal.objects.filter(pk__in=flagged)


def old_counts_by_county(user):
    places = CountyMap()
    counts = {}
    for key, check in checks.items():
        path = check.path
        source = check
        if key == "excellent_share":
            source = type(check)(**{**check.__dict__, "flagged": old_excellent_far_above_usual})
        rows = flagged_for(source, user).values_list(f"{path}id", f"{path}parent_id").order_by()
        for org_id, parent_id in rows:
            counts.setdefault(places.county(org_id, parent_id), Counter())[key] += 1
    return counts, places.names


# --- measuring ------------------------------------------------------------------------------------------------
def run(function, user):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        counts, _names = function(user)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(queries), {county: dict(counter) for county, counter in counts.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="sheng")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    user = get_user_model().objects.get(username=args.user)
    grassroots = Organisation.objects.filter(level="grassroots").count()
    print(f"database: {connection.vendor}; grassroots unions: {grassroots}; user: {args.user}; "
          f"load: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
    run(counts_by_county, user)  # warm
    run(old_counts_by_county, user)
    times = {"before": [], "after": []}
    queries = {}
    for _round in range(args.rounds):
        for label, function in (("before", old_counts_by_county), ("after", counts_by_county)):
            elapsed, n, counts = run(function, user)
            times[label].append(elapsed)
            queries[label] = n
            results = queries.setdefault(f"{label}-counts", counts)
            assert results == counts
    assert queries["before-counts"] == queries["after-counts"], "the two approaches disagree"
    flagged = sum(sum(c.values()) for c in queries["after-counts"].values())
    print(f"flags: {flagged} in {len(queries['after-counts'])} counties (and above)")
    before, after = statistics.median(times["before"]), statistics.median(times["after"])
    print(f"{'counts per county':<32}{'queries':>8}{'median ms':>11}")
    print(f"{'  before (walk every record)':<32}{queries['before']:>8}{before:>11.1f}")
    print(f"{'  after (grouped per check)':<32}{queries['after']:>8}{after:>11.1f}   ratio {before / after:.1f}x")

    client = Client()
    client.force_login(user)
    client.get("/quality/", HTTP_HOST="127.0.0.1")
    page = []
    for _round in range(args.rounds):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/quality/", HTTP_HOST="127.0.0.1")
            page.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    print(f"{'/quality/ page':<32}{len(captured):>8}{statistics.median(page):>11.1f}")


if __name__ == "__main__":
    main()
