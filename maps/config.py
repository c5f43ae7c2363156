"""Which base map the deployment serves, from settings (unionportal/settings/base.py, "map of stations and
homes"). Nothing here loads anything: without a tile server the map is off and its page draws no map."""

from django.conf import settings
from django.utils.translation import gettext as _

# 天地图's Web Mercator (…_w) layers: streets (vec) with their place names (cva) over them. 天地图 keeps the
# national coordinate system CGCS2000, which GPS's WGS-84 matches to within centimetres, so the points entered
# (core.models.Located) need no conversion.
TIANDITU = "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"  # noqa: E501
TIANDITU_SUBDOMAINS = "01234567"


def tile_layers():
    """[{url, subdomains, attribution}] of the base map, bottom first; [] when the map is off. A tile server of
    the deployment's own (MAP_TILE_URL) is preferred to 天地图, so an intranet mirror of it needs no key."""
    attribution = settings.MAP_ATTRIBUTION
    if settings.MAP_TILE_URL:
        layers = [{"url": settings.MAP_TILE_URL, "subdomains": settings.MAP_TILE_SUBDOMAINS}]
        if settings.MAP_LABEL_URL:
            layers.append({"url": settings.MAP_LABEL_URL, "subdomains": settings.MAP_TILE_SUBDOMAINS})
    elif settings.TIANDITU_KEY:
        attribution = attribution or _("天地图")
        layers = [
            {
                "url": TIANDITU.format(s="{s}", layer=layer, key=settings.TIANDITU_KEY),
                "subdomains": TIANDITU_SUBDOMAINS,
            }
            for layer in ("vec", "cva")
        ]
    else:
        return []
    layers[0]["attribution"] = attribution
    return layers


def map_enabled():
    return bool(settings.MAP_TILE_URL or settings.TIANDITU_KEY)
