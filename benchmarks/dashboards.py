"""Dashboards at 10k, 100k and 300k unions: the province's and a prefecture's dashboard (maintained rollups)
against the raw SQL aggregate of the same figures over the same rows (figures.registry computing them live),
side by side in one run, with query counts, the time an edit takes to show, and verify_rollups afterwards.

Usage (PostgreSQL; builds each missing database with migrate, seed_demo and seed_scale --records):
    .venv/bin/python benchmarks/dashboards.py [--sizes 10000,100000,300000]
        [--prefix postgres://postgres@127.0.0.1:5432/dash] [--repeat 7] [--build]

Each size's database is `<prefix><size/1000>k` (dash10k, dash100k, dash300k); --build rebuilds them even when
present. The measuring runs in a child process per database (the same script with --measure).

Targets (issue 12): each dashboard ≤ 0.5× its raw aggregate at 300k; dashboard time at 300k ≤ 2× at 10k;
the same number of queries at every size; an edit visible within 5 s; verify_rollups clean after the writes.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def database_url(prefix, size):
    return f"{prefix}{size // 1000}k"


def run(args, env, quiet=True):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, capture_output=quiet, text=True)


def build(url, size):
    """A fresh database of `size` unions with the demo's records in proportion (seed_scale --records)."""
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    env = {**os.environ, "DATABASE_URL": url}
    run(["psql", server, "-qc", f"DROP DATABASE IF EXISTS {name}"], env)
    run(["psql", server, "-qc", f"CREATE DATABASE {name}"], env)
    started = time.monotonic()
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    run([PYTHON, "manage.py", "seed_demo"], env)
    run([PYTHON, "manage.py", "seed_scale", "--grassroots", str(max(0, size - 3500)), "--records"], env)
    run(["psql", url, "-qc", "VACUUM ANALYZE"], env)
    return time.monotonic() - started


def has_data(url):
    probe = subprocess.run(
        ["psql", url, "-tAc", "SELECT count(*) FROM orgs_organisation"], capture_output=True, text=True
    )
    return probe.returncode == 0 and probe.stdout.strip().isdigit() and int(probe.stdout.strip()) > 1000


def results(script, sizes, prefix, repeat, rebuild=False):
    """{size: the figures `script --measure` printed on that size's database}, building missing databases."""
    found = {}
    for size in sizes:
        url = database_url(prefix, size)
        if rebuild or not has_data(url):
            print(f"building {url} …", flush=True)
            print(f"  built in {build(url, size):.0f} s", flush=True)
        env = {**os.environ, "DATABASE_URL": url}
        env.pop("REDIS_URL", None)
        out = run([PYTHON, script, "--measure", "--repeat", str(repeat)], env).stdout
        found[size] = json.loads(next(line for line in out.splitlines() if line.startswith("RESULT "))[7:])
    return found


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(repeat):
    """In the child: figures as one JSON line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings.test")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from figures import rollups
    from figures.registry import by_children, compute_all
    from orgs.models import Organisation
    from unions.models import Registration

    call_command("migrate", verbosity=0)  # the rollup tables, on a database seeded before they existed
    year = timezone.localdate().year
    years = list(range(year - 4, year + 1))
    result = {"unions": Organisation.objects.filter(level="grassroots").count()}
    started = time.perf_counter()
    rollups.ensure_current(*years)
    result["first_build_s"] = time.perf_counter() - started

    province = Organisation.objects.get(level="province", division_code="630000000000")
    prefecture = Organisation.objects.get(level="prefecture", division_code="630100000000")
    client = Client()
    client.force_login(get_user_model().objects.get(username="sheng"))

    for label, org in (("province", province), ("prefecture", prefecture)):
        url = f"/dashboards/{org.pk}/?year={year}"

        def page(url=url):
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        page()
        with CaptureQueriesContext(connection) as queries:
            page()
        result[f"{label}_queries"] = len(queries.captured_queries)
        result[f"{label}_dashboard_ms"] = 1000 * timed(page, repeat)
        api = f"/api/v1/figures/?organisation={org.pk}&year={year}&by=children"
        result[f"{label}_api_ms"] = 1000 * timed(lambda api=api: client.get(api), repeat)

        def raw(org=org):
            compute_all(org, year)
            by_children(org, year)

        result[f"{label}_raw_ms"] = 1000 * timed(raw, max(3, repeat // 2))

    # The pages the same rollups made flat with size: counts per level, return completeness, data quality.
    for label, url in (("stats", "/orgs/stats/"), ("completeness", f"/unions/completeness/?year={year}"),
                       ("quality", "/quality/")):  # fmt: skip
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        result[f"{label}_queries"] = len(queries.captured_queries)
        result[f"{label}_ms"] = 1000 * timed(lambda url=url: client.get(url), repeat)

    # An edit, then the prefecture's dashboard read until it shows: members of one registration in 西宁.
    registration = (
        Registration.objects.filter(
            organisation__prefecture=prefecture,
            organisation__level="grassroots",
            organisation__status="active",
            members__isnull=False,
            employees__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    before = rollups.sums(prefecture, year, figures=["membership_rate"])[(None, "membership_rate")][0]
    registration.members += 1
    registration.employees = max(registration.employees, registration.members)
    registration.save()
    committed = time.perf_counter()
    api = f"/api/v1/figures/?organisation={prefecture.pk}&year={year}"
    while True:
        body = client.get(api).json()
        numerator = next(r["numerator"] for r in body["results"] if r["key"] == "membership_rate")
        if numerator == before + 1:
            break
        if time.perf_counter() - committed > 60:
            break
    result["edit_visible_s"] = time.perf_counter() - committed
    result["edit_seen"] = numerator == before + 1
    started = time.perf_counter()
    try:
        call_command("verify_rollups", year=[year], verbosity=0)
        result["verify_exit"] = 0
    except SystemExit as exc:
        result["verify_exit"] = exc.code
    result["verify_s"] = time.perf_counter() - started
    print("RESULT " + json.dumps(result))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,300000")
    parser.add_argument("--prefix", default="postgres://postgres@127.0.0.1:5432/dash")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.repeat)
        return
    found = results(__file__, [int(s) for s in args.sizes.split(",")], args.prefix, args.repeat, args.build)
    print(
        f"{'unions':>8} {'page':<11}{'queries':>8}{'dashboard ms':>14}{'api ms':>9}{'raw SQL ms':>12}{'ratio':>7}"
        f"{'edit→seen s':>13}{'verify':>8}{'first build s':>15}"
    )
    for r in found.values():
        for label in ("province", "prefecture"):
            ratio = r[f"{label}_dashboard_ms"] / r[f"{label}_raw_ms"]
            print(
                f"{r['unions']:>8} {label:<11}{r[f'{label}_queries']:>8}{r[f'{label}_dashboard_ms']:>14.1f}"
                f"{r[f'{label}_api_ms']:>9.1f}{r[f'{label}_raw_ms']:>12.1f}{ratio:>7.2f}"
                f"{r['edit_visible_s']:>13.2f}{'ok' if r['verify_exit'] == 0 else 'FAIL':>8}{r['first_build_s']:>15.1f}"
            )
    print(f"{'unions':>8} " + "".join(f"{p + ' ms':>18}{'queries':>8}" for p in ("stats", "completeness", "quality")))
    for r in found.values():
        cells = "".join(f"{r[p + '_ms']:>18.1f}{r[p + '_queries']:>8}" for p in ("stats", "completeness", "quality"))
        print(f"{r['unions']:>8} {cells}")
    sizes = sorted(found)
    if len(sizes) > 1:
        for label in ("stats", "completeness", "quality"):
            growth = found[sizes[-1]][f"{label}_ms"] / found[sizes[0]][f"{label}_ms"]
            print(f"/{label} growth {sizes[0]} → {sizes[-1]}: {growth:.2f}×")
        small, large = found[sizes[0]], found[sizes[-1]]
        for label in ("province", "prefecture"):
            growth = large[f"{label}_dashboard_ms"] / small[f"{label}_dashboard_ms"]
            print(f"{label} dashboard growth {sizes[0]} → {sizes[-1]}: {growth:.2f}×")


if __name__ == "__main__":
    main()
