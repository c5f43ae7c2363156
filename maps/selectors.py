"""What the map shows: the stations and homes of the reader's scope that have a point (core.models.Located),
closed ones left out, as GeoJSON. Past settings.MAP_MAX_POINTS in view, the answer is clusters on a grid of
about 64 pixels at the map's zoom, counted by the database (one GROUP BY per kind), so that a province of
300,000 unions sends a few hundred features, never a file of every point."""

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db.models import Avg, Count, F, Max, Min, Q, Value
from django.db.models.functions import Floor
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.scope import VIEW, subtree_q


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

    def url_name(self, view):
        meta = self.model_class._meta
        return f"{meta.app_label}:{meta.model_name}_{view}"

    def list_url(self, located, within=None):
        """The list of those the coverage table counts: not closed, with (or without) a point, in `within`."""
        from urllib.parse import urlencode

        statuses = [
            value for value, _label in self.model_class._meta.get_field("status").choices if value != self.closed
        ]
        query = [("located", "yes" if located else "no"), *(("status", value) for value in statuses)]
        if within is not None:
            query.append(("within", within.pk))
        return f"{reverse(self.url_name('list'))}?{urlencode(query)}"


KINDS = {
    kind.code: kind
    for kind in (
        Kind("station", _("职工服务站"), "stations.ServiceStation", "host", "closed", "#d63384"),
        Kind("home", _("职工之家"), "homes.WorkersHome", "organisation", "closed", "#0d6efd"),
    )
}
LOCATED = Q(latitude__isnull=False, longitude__isnull=False)


def kinds_of(codes):
    return [KINDS[code] for code in (codes or KINDS) if code in KINDS]


def coverage(user, within, kinds):
    """Per kind: how many have a point and how many have none yet (one query each), for the page's table and
    its links to the lists of those still without one."""
    found = []
    for kind in kinds:
        counts = kind.rows(user, within).aggregate(
            located=Count("pk", filter=LOCATED), unlocated=Count("pk", filter=~LOCATED)
        )
        found.append(
            {
                "kind": kind,
                **counts,
                "located_url": kind.list_url(True, within),
                "unlocated_url": kind.list_url(False, within),
            }
        )
    return found


def extent(user, within, kinds):
    """[[south, west], [north, east]] around every point the reader may see, or None when there is none."""
    bounds = []
    for kind in kinds:
        box = (
            kind.rows(user, within)
            .filter(LOCATED)
            .aggregate(s=Min("latitude"), n=Max("latitude"), w=Min("longitude"), e=Max("longitude"))
        )
        if box["s"] is not None:
            bounds.append(box)
    if not bounds:
        return None
    return [
        [float(min(b["s"] for b in bounds)), float(min(b["w"] for b in bounds))],
        [float(max(b["n"] for b in bounds)), float(max(b["e"] for b in bounds))],
    ]


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


def cell_degrees(zoom):
    """The side of a cluster cell: a quarter of a 256-pixel tile at `zoom`, so about 64 pixels on screen."""
    return 360 / (2**zoom) / 4


def features(user, *, within=None, kinds=None, bbox=None, zoom=7, limit=None):
    """A GeoJSON FeatureCollection: each point with its kind, name, owner, status and page; or, when more than
    `limit` (settings.MAP_MAX_POINTS) lie in view, clusters with their count per kind."""
    kinds = kinds_of(None) if kinds is None else kinds
    limit = settings.MAP_MAX_POINTS if limit is None else limit
    views = {kind.code: in_view(kind.rows(user, within), bbox) for kind in kinds}
    total = sum(rows.count() for rows in views.values())
    if total <= limit:
        found = [feature for kind in kinds for feature in points(kind, views[kind.code])]
        return collection(found, total=total, clustered=False)
    return collection(clusters(kinds, views, zoom), total=total, clustered=True)


def points(kind, rows):
    owner = f"{kind.owner}__name"
    sentinel = 2147483647  # one reverse() for all rows: the detail URL with this id, replaced by each row's
    detail = reverse(kind.url_name("detail"), args=[sentinel])
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


def clusters(kinds, views, zoom):
    size = Decimal(str(cell_degrees(zoom)))
    cells = {}
    for kind in kinds:
        grouped = (
            views[kind.code]
            .annotate(cx=Floor(F("longitude") / Value(size)), cy=Floor(F("latitude") / Value(size)))
            .values("cx", "cy")
            .annotate(n=Count("pk"), lat=Avg("latitude"), lng=Avg("longitude"))
            .order_by()
        )
        for row in grouped:
            cell = cells.setdefault((row["cx"], row["cy"]), {"n": 0, "lat": 0.0, "lng": 0.0, "by": {}})
            cell["n"] += row["n"]
            cell["lat"] += float(row["lat"]) * row["n"]
            cell["lng"] += float(row["lng"]) * row["n"]
            cell["by"][kind.code] = row["n"]
    for cell in cells.values():
        yield {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [cell["lng"] / cell["n"], cell["lat"] / cell["n"]]},
            "properties": {"cluster": True, "count": cell["n"], **{k.code: cell["by"].get(k.code, 0) for k in kinds}},
        }


def collection(found, *, total, clustered):
    return {"type": "FeatureCollection", "total": total, "clustered": clustered, "features": list(found)}
