"""The map's points feed at 10k, 100k and 300k unions (the databases of benchmarks/dashboards.py), side by side
in one run with its baseline: the same points sent one by one, as a map without clustering would have to.

For the province user and a county officer (城东区), each on the view the map opens on (the extent of their points
at the zoom that fits it into a 1366 × 600 map, as Leaflet's fitBounds picks): the feed's median time, features
sent, bytes and queries, against every point of the same scope as GeoJSON.

Usage (PostgreSQL; builds each missing database as benchmarks/dashboards.py does):
    .venv/bin/python benchmarks/map.py [--sizes 10000,100000,300000]
        [--prefix postgres://postgres@127.0.0.1:5432/dash] [--repeat 7]
"""

import argparse
import json
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dashboards import results, timed  # noqa: E402


def fitting_zoom(bounds, width=1366, height=600):
    """The deepest zoom at which `bounds` fit in a map of width × height pixels (Web Mercator, 256-pixel tiles)."""
    (south, west), (north, east) = bounds

    def y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    zoom_x = math.log2(width * 360 / (256 * max(east - west, 1e-6)))
    zoom_y = math.log2(height * 2 * math.pi / (256 * max(y(north) - y(south), 1e-9)))
    return max(0, min(18, math.floor(min(zoom_x, zoom_y))))


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
    readers = (("province", users.get(username="sheng")), ("county", users.get(username="chengdong")))
    for label, user in readers:
        client = Client()
        client.force_login(user)
        bounds = selectors.coverage(user, None, selectors.kinds_of(None))[1]
        (south, west), (north, east) = bounds
        query = {"zoom": fitting_zoom(bounds), "bbox": f"{west},{south},{east},{north}"}
        result[f"{label}_zoom"] = query["zoom"]

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
    found = results(__file__, [int(s) for s in args.sizes.split(",")], args.prefix, args.repeat).values()
    print(
        f"{'unions':>8}{'points':>9} {'reader':<9}{'zoom':>5}{'in view':>9}{'sent':>7}{'KB':>8}{'queries':>8}{'feed ms':>9}"
        f"{'page ms':>9}{'every point KB':>16}{'ms':>9}{'ratio':>7}"
    )
    for r in found:
        for label in ("province", "county"):
            ratio = r[f"{label}_ms"] / r[f"{label}_all_ms"]
            print(
                f"{r['unions']:>8}{r['points']:>9} {label:<9}{r[f'{label}_zoom']:>5}{r[f'{label}_total']:>9}{r[f'{label}_features']:>7}"
                f"{r[f'{label}_bytes'] / 1024:>8.1f}{r[f'{label}_queries']:>8}{r[f'{label}_ms']:>9.1f}"
                f"{r[f'{label}_page_ms']:>9.1f}{r[f'{label}_all_bytes'] / 1024:>16.1f}{r[f'{label}_all_ms']:>9.1f}"
                f"{ratio:>7.2f}"
            )


if __name__ == "__main__":
    main()
