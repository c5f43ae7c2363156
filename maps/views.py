"""地图: the page (a Leaflet map over the deployment's tile server, or, without one, only the counts) and the
points feed it reads as the reader pans and zooms."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.models import coordinate_box
from core.scope import VIEW

from . import selectors
from .config import map_enabled, tile_layers
from .forms import MapForm


def read_form(request):
    """(form, within, kinds): a form that does not validate shows the whole scope and says why."""
    data = request.GET.copy()
    if not data.getlist("kind"):  # none ticked is all: the boxes say so
        data.setlist("kind", list(selectors.KINDS))
    form = MapForm(data, user=request.user)
    if form.is_valid():
        return form, form.cleaned_data["within"], form.selected_kinds()
    return form, None, selectors.kinds_of(None)


def focus_of(request, raw):
    """{kind, id, lat, lng} of `focus=<kind>:<id>` when the reader may see it and it has a point, else None."""
    code, _sep, pk = (raw or "").partition(":")
    kind = selectors.KINDS.get(code)
    if kind is None or not pk.isdigit():
        return None
    row = (
        kind.model_class.objects.restrict(request.user, VIEW)
        .filter(selectors.LOCATED, pk=int(pk))
        .values("pk", "latitude", "longitude")
        .first()
    )
    if row is None:
        return None
    return {"kind": code, "id": row["pk"], "lat": float(row["latitude"]), "lng": float(row["longitude"])}


class MapView(LoginRequiredMixin, View):
    def get(self, request):
        form, within, kinds = read_form(request)
        coverage, bounds = selectors.coverage(request.user, within, kinds)
        context = {"form": form, "within": within, "coverage": coverage}
        if map_enabled():
            lat_min, lat_max, lon_min, lon_max = coordinate_box()
            context["map_config"] = {
                "layers": tile_layers(),
                "max_zoom": settings.MAP_MAX_ZOOM,
                "points_url": reverse("maps:points"),
                "within": within.pk if within else None,
                "kinds": [kind.code for kind in kinds],
                "colours": {kind.code: kind.colour for kind in kinds},
                "bounds": bounds or [[lat_min, lon_min], [lat_max, lon_max]],
                "focus": focus_of(request, request.GET.get("focus")),
                "text": {
                    "loading": _("正在读取…"),
                    "points": _("显示 %(n)s 个点。"),
                    "clusters": _("范围内共 %(n)s 个，已按区域汇总，放大后显示单个点。"),
                    "none": _("当前范围内没有已标注坐标的服务站或职工之家。"),
                    "failed": _("读取失败，请刷新页面重试；如已退出登录，请重新登录。"),
                    "open": _("查看详情"),
                    "zoom_in": _("放大查看"),
                    **{kind.code: str(kind.label) for kind in kinds},
                },
            }
        return render(request, "maps/map.html", context)


class PointsView(LoginRequiredMixin, View):
    """GeoJSON of what the map shows in a view: `?within=<organisation>&kind=station&kind=home&bbox=w,s,e,n
    &zoom=z`; 400 with the reasons (in the reader's language) for a bad parameter."""

    def get(self, request):
        form = MapForm(request.GET, user=request.user)
        if not form.is_valid():
            return JsonResponse(
                {"errors": form.errors.get_json_data()}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        found = selectors.features(
            request.user,
            within=form.cleaned_data["within"],
            kinds=form.selected_kinds(),
            bbox=form.cleaned_data["bbox"],
            zoom=form.cleaned_data["zoom"],
        )
        return JsonResponse(found, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})
