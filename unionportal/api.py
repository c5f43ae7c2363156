"""The API router: every app's viewsets under /api/v1/."""

from rest_framework.routers import DefaultRouter

from orgs.api.views import OrganisationViewSet

router = DefaultRouter()
router.register("orgs", OrganisationViewSet, basename="organisation")
