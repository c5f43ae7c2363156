"""The tree at scale, side by side with demo size, in one run (issue 9's targets).

Usage (PostgreSQL; each database migrated, with seed_demo in both and seed_scale in the large one):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_tree .venv/bin/python benchmarks/scale.py \\
        --demo postgres://postgres@127.0.0.1:5432/wt_tree_demo \\
        [--mid postgres://postgres@127.0.0.1:5432/wt_tree_100k] [--imports] [--page] \\
        [--seed-db postgres://postgres@127.0.0.1:5432/wt_tree_seed --seed-grassroots 300000]

DATABASE_URL is the large database. Every measurement runs in a fresh child process with its own database
connection (four writers are four processes, so that Python's GIL does not serialise them), demo and large
interleaved round by round; the figures are medians. --mid adds a middle size (100,000 unions) to every row;
--imports and --page run benchmarks/imports.py (10,000 rows, rolled back) and benchmarks/union_page.py (the
production start, 2 gunicorn workers) on each database after the table, so every target of issue 9 is printed
by this one script. It writes to both databases: a few dozen unions are
created and a county is moved away and back. --seed-db names a scratch database whose organisations (and
everything referring to them) are emptied before seed_scale is timed there.
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
ROUNDS = 3


# ---- child side: one measurement in one database ---------------------------------------------------------------


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings.test")
    import django

    django.setup()


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


def child_create(reps, offset):
    """POST /api/v1/orgs/ creating a grassroots union under townships spread over the province."""
    from rest_framework.test import APIClient

    from orgs.models import Organisation

    client = APIClient()
    client.force_login(_admin())
    townships = list(
        Organisation.objects.filter(level="township", status="active").order_by("pk").values_list("pk", flat=True)
    )
    timings = []
    for i in range(reps):
        parent = townships[(offset * 37 + i * 53) % len(townships)]
        data = {"name": f"基准新建{time.time_ns()}工会", "level": "grassroots", "parent": parent}
        started = time.perf_counter()
        response = client.post("/api/v1/orgs/", data, format="json", HTTP_HOST="127.0.0.1")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 201, response.content[:500]
    return {"timings": timings}


def child_move(reps, offset):
    """organisation_update moving 城东区总工会 (the largest urban county) to 海东市 and back."""
    from orgs.models import Organisation
    from orgs.services import organisation_update

    actor = _admin()
    county = Organisation.objects.get(division_code="630102000000", level="county")
    home = Organisation.objects.get(division_code="630100000000", level="prefecture")
    away = Organisation.objects.get(division_code="630200000000", level="prefecture")
    rows = Organisation.objects.within(county).count()
    timings = []
    for _ in range(reps):
        county = Organisation.objects.get(pk=county.pk)
        county.parent_id = away.pk if county.parent_id == home.pk else home.pk
        started = time.perf_counter()
        organisation_update(actor=actor, instance=county)
        timings.append(time.perf_counter() - started)
    county = Organisation.objects.get(pk=county.pk)
    if county.parent_id != home.pk:
        county.parent_id = home.pk
        organisation_update(actor=actor, instance=county)
    return {"timings": timings, "rows": rows}


def child_writer(reps, offset, start_at):
    """`reps` creates through organisation_create under the holders of the offset-th county, from `start_at`."""
    from orgs.models import Organisation
    from orgs.services import organisation_create

    actor = _admin()
    counties = list(Organisation.objects.filter(level="county", status="active").order_by("pk"))
    county = counties[(offset * 11) % len(counties)]
    holders = list(
        Organisation.objects.within(county).exclude(level="grassroots").order_by("pk").values_list("pk", flat=True)
    )
    while time.time() < start_at:
        time.sleep(0.01)
    started = time.time()
    for i in range(reps):
        organisation_create(
            actor=actor,
            instance=Organisation(
                name=f"并行基准{offset}-{time.time_ns()}工会", level="grassroots", parent_id=holders[i % len(holders)]
            ),
        )
    return {"start": started, "end": time.time(), "county": county.name}


def child_list(reps, offset):
    """The province officer's /orgs/ against the Django admin changelist of the same rows, with query counts."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = {
        "list": ("sheng", "/orgs/"),
        "admin": ("admin", "/admin/orgs/organisation/"),
        "list_p20": ("sheng", "/orgs/?level=grassroots&page=20"),
        "admin_p20": ("admin", "/admin/orgs/organisation/?level__exact=grassroots&p=20"),
    }
    out = {}
    for key, (username, url) in pages.items():
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        client.get(url, HTTP_HOST="127.0.0.1")
        timings, count = [], 0
        for _ in range(reps):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, HTTP_HOST="127.0.0.1")
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            count = len(queries)
        out[key] = {"timings": timings, "queries": count}
    return out


def child_check(reps, offset):
    import io

    from django.core.management import call_command

    timings = []
    for _ in range(reps):
        started = time.perf_counter()
        call_command("check_tree", stdout=io.StringIO())
        timings.append(time.perf_counter() - started)
    return {"timings": timings}


def child_seed(reps, offset):
    import io

    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE orgs_organisation, orgs_historicalorganisation CASCADE")
    started = time.perf_counter()
    call_command("seed_scale", grassroots=reps, stdout=io.StringIO())
    return {"timings": [time.perf_counter() - started]}


def child_size(reps, offset):
    from orgs.models import Organisation

    return {
        "organisations": Organisation.objects.count(),
        "grassroots": Organisation.objects.filter(level="grassroots").count(),
    }


CHILDREN = {
    "create": child_create,
    "move": child_move,
    "list": child_list,
    "check": child_check,
    "seed": child_seed,
    "size": child_size,
}


def child_main(args):
    _setup()
    if args.child == "writer":
        result = child_writer(args.reps, args.offset, args.start_at)
    else:
        result = CHILDREN[args.child](args.reps, args.offset)
    print("RESULT " + json.dumps(result))


# ---- parent side: orchestration and the table ------------------------------------------------------------------


def spawn(url, task, reps, offset=0, start_at=0.0):
    env = dict(os.environ, DATABASE_URL=url)
    command = [sys.executable, __file__, "--child", task, "--reps", str(reps), "--offset", str(offset)]
    command += ["--start-at", str(start_at)]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def result_of(process):
    out, err = process.communicate(timeout=1800)
    for line in out.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"child failed:\n{err[-3000:]}")


def run(url, task, reps, offset=0):
    return result_of(spawn(url, task, reps, offset))


def median(values):
    return statistics.median(values)


def writers(url, count, reps):
    start_at = time.time() + 8  # every child has set Django up by then
    processes = [spawn(url, "writer", reps, offset, start_at) for offset in range(count)]
    results = [result_of(p) for p in processes]
    elapsed = max(r["end"] for r in results) - min(r["start"] for r in results)
    return count * reps / elapsed, [r["county"] for r in results]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo", required=False, help="DATABASE_URL of the demo-size database")
    parser.add_argument("--mid", help="DATABASE_URL of a middle-size database (e.g. 100,000 unions), optional")
    parser.add_argument("--imports", action="store_true", help="also run benchmarks/imports.py on each database")
    parser.add_argument("--page", action="store_true", help="also run benchmarks/union_page.py on each database")
    parser.add_argument("--seed-db", help="scratch database for timing seed_scale")
    parser.add_argument("--seed-grassroots", type=int, default=300000)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--child")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--start-at", type=float, default=0.0)
    args = parser.parse_args()
    if args.child:
        return child_main(args)
    large, demo = os.environ["DATABASE_URL"], args.demo
    dbs = [("demo", demo)] + ([("mid", args.mid)] if args.mid else []) + [("large", large)]
    sizes = {label: run(url, "size", 1) for label, url in dbs}
    print(
        "; ".join(
            f"{label}: {s['grassroots']:,} grassroots of {s['organisations']:,} organisations"
            for label, s in sizes.items()
        )
        + f"; {args.rounds} interleaved rounds, medians"
    )
    figures = {label: {} for label, _ in dbs}
    for round_ in range(args.rounds):
        for size, url in dbs:
            f = figures[size]
            f.setdefault("create", []).extend(run(url, "create", 5, round_)["timings"])
            moved = run(url, "move", 2, round_)
            f.setdefault("move", []).extend(moved["timings"])
            f["move_rows"] = moved["rows"]
            listing = run(url, "list", 3, round_)
            for key, value in listing.items():
                f.setdefault(key, []).extend(value["timings"])
                f[f"{key}_queries"] = value["queries"]
    scaled = [label for label, _ in dbs if label != "demo"]
    urls = dict(dbs)
    writes = {}
    for label in scaled:
        one, _ = writers(urls[label], 1, 24)
        four, counties = writers(urls[label], 4, 12)
        writes[label] = (one, four, counties)
    checks = {label: median(run(urls[label], "check", 3)["timings"]) for label in scaled}
    seed = run(args.seed_db, "seed", args.seed_grassroots)["timings"][0] if args.seed_db else None

    d = figures["demo"]
    width = 14 * len(dbs)

    def row(what, values, ratio, target):
        cells = "".join(f"{v:>14}" for v in values)
        print(f"{what:<46}{cells:>{width}}{ratio:>9}  {target}")

    def per_size(fmt, key=None):
        return [fmt(figures[label]) for label, _ in dbs]

    print(f"{'what':<46}" + "".join(f"{label:>14}" for label, _ in dbs) + f"{'ratio':>9}  target (ratio: large)")
    g = figures["large"]
    row(
        "create one grassroots union (POST /api/v1/orgs/)",
        per_size(lambda f: f"{median(f['create']):.3f} s"),
        f"{median(g['create']) / median(d['create']):.2f}×",
        "≤ 2× demo",
    )
    row(
        f"move a county to another prefecture ({g['move_rows']:,} rows)",
        per_size(lambda f: f"{median(f['move']):.3f} s"),
        "",
        "< 1 s",
    )
    for key, label in (("list", "province /orgs/ list (sheng)"), ("list_p20", "  …grassroots, page 20")):
        admin_key = key.replace("list", "admin")
        row(
            f"{label}, queries",
            per_size(lambda f, k=key: f"{median(f[k]) * 1000:.0f} ms, {f[k + '_queries']}"),
            f"{median(g[key]) / median(g[admin_key]):.2f}×",
            "≤ 1× admin changelist (list / admin)",
        )
        row(
            "  Django admin changelist, same rows, queries",
            per_size(lambda f, k=admin_key: f"{median(f[k]) * 1000:.0f} ms, {f[k + '_queries']}"),
            "",
            "",
        )
    blank = [""]
    row("1 writer, creates/s", blank + [f"{writes[label][0]:.2f}/s" for label in scaled], "", "")
    row(
        "4 writers in 4 counties, creates/s",
        blank + [f"{writes[label][1]:.2f}/s" for label in scaled],
        f"{writes['large'][1] / writes['large'][0]:.2f}×",
        "≥ 1.5× one writer",
    )
    row(
        "check_tree, whole command, after the writes",
        blank + [f"{checks[label]:.2f} s" for label in scaled],
        "",
        "< 3 s",
    )
    if seed is not None:
        row(
            f"seed_scale --grassroots {args.seed_grassroots:,}",
            blank * (len(dbs) - 1) + [f"{seed:.1f} s"],
            "",
            "< 30 s",
        )
    print(f"writers' counties (large): {', '.join(writes['large'][2])}")
    for script, wanted, extra in (
        ("imports.py", args.imports, ["--rows", "10000", "--baseline-rows", "0"]),
        ("union_page.py", args.page, ["--rounds", "3", "--seconds", "8"]),
    ):
        if not wanted:
            continue
        for label, url in dbs:
            print(
                f"\n== benchmarks/{script} on {label} (target: imports ≥ 1,000 rows/s; union page ≤ 15 queries, ≥ 10 % of /healthz)"
            )
            sys.stdout.flush()
            subprocess.run(
                [sys.executable, str(ROOT / "benchmarks" / script), *extra],
                env=dict(os.environ, DATABASE_URL=url),
                check=True,
            )


if __name__ == "__main__":
    main()
