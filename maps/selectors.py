"""What the map shows: the stations and homes of the reader's scope that have a point (core.models.Located),
closed ones left out, as GeoJSON. Past settings.MAP_MAX_POINTS in view, the answer is clusters on a grid of
about 64 pixels at the map's zoom, counted by the database (one GROUP BY per kind), so that a province of
300,000 unions sends a few hundred features, never a file of every point."""

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db.models import Avg, Count, FloatField, Max, Min, Value
from django.db.models.functions import Cast, Floor
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import LOCATED
from core.scope import VIEW, subtree_q
from core.urls_helpers import model_url_name
from homes.choices import HomeStatus
from stations.choices import StationStatus


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    model: str  # app_label.ModelName
    owner: str  # the field naming the organisation it belongs to
    closed: str  # the status value of one no longer in use
    colour: str

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def rows(self, user, within=None):
        """In the reader's scope (and `within`'s subtree), not closed: what the map could show."""
        model = self.model_class
        rows = model.objects.restrict(user, VIEW).exclude(status=self.closed)
        if within is not None:
            rows = rows.filter(subtree_q(model.scope_path, [within]))
        return rows

    def list_url(self, located, within=None):
        """The list of those the coverage table counts: not closed, with (or without) a point, in `within`."""
        from urllib.parse import urlencode

        statuses = [
            value for value, _label in self.model_class._meta.get_field("status").choices if value != self.closed
        ]
        query = [("located", "yes" if located else "no"), *(("status", value) for value in statuses)]
        if within is not None:
            query.append(("within", within.pk))
        return f"{reverse(model_url_name(self.model_class, 'list'))}?{urlencode(query)}"


KINDS = {
    kind.code: kind
    for kind in (
        Kind("station", _("职工服务站"), "stations.ServiceStation", "host", StationStatus.CLOSED, "#d63384"),
        Kind("home", _("职工之家"), "homes.WorkersHome", "organisation", HomeStatus.CLOSED, "#0d6efd"),
    )
}


def kinds_of(codes):
    return [KINDS[code] for code in (codes or KINDS) if code in KINDS]


def coverage(user, within, kinds):
    """(rows, bounds): per kind how many have a point and how many have none yet, with the links to the lists of
    each; and [[south, west], [north, east]] around every point, or None when there is none. One aggregate per
    kind."""
    rows, boxes = [], []
    for kind in kinds:
        found = kind.rows(user, within).aggregate(
            located=Count("pk", filter=LOCATED),
            unlocated=Count("pk", filter=~LOCATED),
            s=Min("latitude"),
            n=Max("latitude"),
            w=Min("longitude"),
            e=Max("longitude"),
        )
        rows.append(
            {
                "kind": kind,
                "located": found["located"],
                "unlocated": found["unlocated"],
                "located_url": kind.list_url(True, within),
                "unlocated_url": kind.list_url(False, within),
            }
        )
        if found["located"]:
            boxes.append(found)
    if not boxes:
        return rows, None
    bounds = [
        [float(min(b["s"] for b in boxes)), float(min(b["w"] for b in boxes))],
        [float(max(b["n"] for b in boxes)), float(max(b["e"] for b in boxes))],
    ]
    return rows, bounds


def in_view(rows, bbox):
    if bbox is None:
        return rows.filter(LOCATED)
    west, south, east, north = bbox
    return rows.filter(
        latitude__gte=Decimal(str(south)),
        latitude__lte=Decimal(str(north)),
        longitude__gte=Decimal(str(west)),
        longitude__lte=Decimal(str(east)),
    )


def cell_degrees(zoom, bbox=None):
    """The side of a cluster cell: a quarter of a 256-pixel tile at `zoom`, so about 64 pixels on screen; never
    less than a 32nd of the view's longer side, so that a view larger than any screen at its zoom (as outside
    tools may ask) still gets a bounded number of clusters."""
    size = 360 / (2**zoom) / 4
    if bbox is not None:
        west, south, east, north = bbox
        size = max(size, (east - west) / 32, (north - south) / 32)
    return size


def features(user, *, within=None, kinds=None, bbox=None, zoom=7, limit=None):
    """A GeoJSON FeatureCollection: each point with its kind, name, owner, status and page; or, when more than
    `limit` (settings.MAP_MAX_POINTS) lie in view, clusters with their count per kind."""
    kinds = kinds_of(None) if kinds is None else kinds
    limit = settings.MAP_MAX_POINTS if limit is None else limit
    views = {kind.code: in_view(kind.rows(user, within), bbox) for kind in kinds}
    seen = 0
    for rows in views.values():  # counted only up to the limit: past it the clusters give the total
        seen += rows[: limit + 1 - seen].count()
        if seen > limit:
            found = list(clusters(kinds, views, cell_degrees(zoom, bbox)))
            return collection(found, total=sum(f["properties"]["count"] for f in found), clustered=True)
    found = [feature for kind in kinds for feature in points(kind, views[kind.code])]
    return collection(found, total=seen, clustered=False)


def points(kind, rows):
    owner = f"{kind.owner}__name"
    sentinel = 2147483647  # one reverse() for all rows: the detail URL with this id, replaced by each row's
    detail = reverse(model_url_name(kind.model_class, "detail"), args=[sentinel])
    statuses = dict(kind.model_class._meta.get_field("status").flatchoices)
    fields = ("pk", "name", owner, "status", "address", "latitude", "longitude")
    for pk, name, owner_name, status, address, lat, lng in rows.order_by("pk").values_list(*fields):
        yield {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(lng), float(lat)]},
            "properties": {
                "kind": kind.code,
                "kind_label": str(kind.label),
                "id": pk,
                "name": name,
                "organisation": owner_name,
                "status": str(statuses.get(status, status)),
                "address": address,
                "url": detail.replace(str(sentinel), str(pk)),
            },
        }


def clusters(kinds, views, size):
    """Clusters of the points in view: counted per grid cell by the database, then cells whose centres lie
    closer than a cell's side merged (largest first), so that two halves of a town cut by a grid line show as
    one circle, not two overlapping ones."""
    side = float(size)
    lng, lat = Cast("longitude", FloatField()), Cast("latitude", FloatField())
    step = Value(side, output_field=FloatField())  # in double precision: numeric division is slower
    cells = {}
    for kind in kinds:
        grouped = (
            views[kind.code]
            .annotate(cx=Floor(lng / step), cy=Floor(lat / step))
            .values("cx", "cy")
            .annotate(n=Count("pk"), lat=Avg(lat), lng=Avg(lng))
            .order_by()
        )
        for row in grouped:
            cell = cells.setdefault((row["cx"], row["cy"]), {"n": 0, "lat": 0.0, "lng": 0.0, "by": {}})
            cell["n"] += row["n"]
            cell["lat"] += float(row["lat"]) * row["n"]
            cell["lng"] += float(row["lng"]) * row["n"]
            cell["by"][kind.code] = row["n"]
    for cell in merged(cells.values(), side):
        yield {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [cell["lng"] / cell["n"], cell["lat"] / cell["n"]]},
            "properties": {"cluster": True, "count": cell["n"], **{k.code: cell["by"].get(k.code, 0) for k in kinds}},
        }


def merged(cells, side):
    """`cells` (sums of n, lat·n, lng·n and n per kind) with each one whose centre lies within `side` of a larger
    one's folded into it; a grid of kept centres makes it one look at nine neighbours per cell."""
    kept, grid = [], {}
    for cell in sorted(cells, key=lambda c: -c["n"]):
        x, y = cell["lng"] / cell["n"], cell["lat"] / cell["n"]
        key = (int(x // side), int(y // side))
        around = (grid.get((key[0] + dx, key[1] + dy), ()) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        near = next(
            (other for row in around for other in row if (other["x"] - x) ** 2 + (other["y"] - y) ** 2 < side**2),
            None,
        )
        if near is None:
            cell = {**cell, "by": dict(cell["by"]), "x": x, "y": y}
            kept.append(cell)
            grid.setdefault(key, []).append(cell)
            continue
        for name in ("n", "lat", "lng"):
            near[name] += cell[name]
        for code, n in cell["by"].items():
            near["by"][code] = near["by"].get(code, 0) + n
    return kept


def collection(found, *, total, clustered):
    return {"type": "FeatureCollection", "total": total, "clustered": clustered, "features": list(found)}
