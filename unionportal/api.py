"""The API router: every app's viewsets under /api/v1/. Each app adds its own in `<app>/api/routes.py`."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

from orgs.api.views import OrganisationViewSet

router = DefaultRouter()
router.register("orgs", OrganisationViewSet, basename="organisation")

for app in ("unions", "cadres", "stations", "homes", "activities", "figures", "assessment"):
    import_module(f"{app}.api.routes").register(router)
