"""The map's points feed at 10k, 100k and 300k unions (the databases of benchmarks/dashboards.py), side by side
in one run with its baseline: the same points sent one by one, as a map without clustering would have to.

For the province user (whole province at zoom 6, as the map opens) and a county officer (城东区 at zoom 12):
the feed's median time, features sent, bytes and queries, against every point of the same scope as GeoJSON.

Usage (PostgreSQL; builds each missing database as benchmarks/dashboards.py does):
    .venv/bin/python benchmarks/map.py [--sizes 10000,100000,300000]
        [--prefix postgres://postgres@127.0.0.1:5432/dash] [--repeat 7]
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dashboards import PYTHON, build, database_url, has_data, run, timed  # noqa: E402


def measure(repeat):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from homes.models import WorkersHome
    from maps import selectors
    from orgs.models import Organisation
    from stations.models import ServiceStation

    settings.TIANDITU_KEY = "benchmark"
    located = selectors.LOCATED
    result = {
        "unions": Organisation.objects.filter(level="grassroots").count(),
        "points": ServiceStation.objects.filter(located).count() + WorkersHome.objects.filter(located).count(),
    }
    users = get_user_model().objects
    readers = (
        ("province", users.get(username="sheng"), {"zoom": 6}),
        ("county", users.get(username="chengdong"), {"zoom": 12}),
    )
    for label, user, params in readers:
        client = Client()
        client.force_login(user)
        bounds = selectors.extent(user, None, selectors.kinds_of(None))
        (south, west), (north, east) = bounds
        query = {**params, "bbox": f"{west},{south},{east},{north}"}

        def feed(client=client, query=query):
            response = client.get("/map/points.geojson", query)
            assert response.status_code == 200, response.content[:300]
            return response

        body = feed()
        with CaptureQueriesContext(connection) as queries:
            feed()
        data = json.loads(body.content)
        result[f"{label}_features"] = len(data["features"])
        result[f"{label}_total"] = data["total"]
        result[f"{label}_bytes"] = len(body.content)
        result[f"{label}_queries"] = len(queries.captured_queries)
        result[f"{label}_ms"] = 1000 * timed(feed, repeat)
        assert client.get("/map/").status_code == 200
        result[f"{label}_page_ms"] = 1000 * timed(lambda client=client: client.get("/map/"), repeat)

        def every_point(user=user):
            found = selectors.features(user, limit=10**9)
            return json.dumps(found, ensure_ascii=False).encode()

        result[f"{label}_all_bytes"] = len(every_point())
        result[f"{label}_all_ms"] = 1000 * timed(every_point, max(3, repeat // 2))
    print("RESULT " + json.dumps(result))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,300000")
    parser.add_argument("--prefix", default="postgres://postgres@127.0.0.1:5432/dash")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.repeat)
        return
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        url = database_url(args.prefix, size)
        if not has_data(url):
            print(f"building {url} …", flush=True)
            print(f"  built in {build(url, size):.0f} s", flush=True)
        env = {**os.environ, "DATABASE_URL": url}
        env.pop("REDIS_URL", None)
        out = run([PYTHON, __file__, "--measure", "--repeat", str(args.repeat)], env).stdout
        results.append(json.loads(next(line for line in out.splitlines() if line.startswith("RESULT "))[7:]))
    print(
        f"{'unions':>8}{'points':>9} {'reader':<9}{'in view':>9}{'sent':>7}{'KB':>8}{'queries':>8}{'feed ms':>9}"
        f"{'page ms':>9}{'every point KB':>16}{'ms':>9}{'ratio':>7}"
    )
    for r in results:
        for label in ("province", "county"):
            ratio = r[f"{label}_ms"] / r[f"{label}_all_ms"]
            print(
                f"{r['unions']:>8}{r['points']:>9} {label:<9}{r[f'{label}_total']:>9}{r[f'{label}_features']:>7}"
                f"{r[f'{label}_bytes'] / 1024:>8.1f}{r[f'{label}_queries']:>8}{r[f'{label}_ms']:>9.1f}"
                f"{r[f'{label}_page_ms']:>9.1f}{r[f'{label}_all_bytes'] / 1024:>16.1f}{r[f'{label}_all_ms']:>9.1f}"
                f"{ratio:>7.2f}"
            )


if __name__ == "__main__":
    main()
