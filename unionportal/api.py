"""The API router: every app's viewsets under /api/v1/. Each app adds its own in `<app>/api/routes.py`."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

APPS = ("orgs", "unions", "cadres", "stations", "homes", "activities", "accounts", "figures", "assessment", "cases")

for app in APPS:
    import_module(f"{app}.api.routes").register(router)
