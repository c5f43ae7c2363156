def register(router):
    """Add this app's viewsets to the API router (unionportal/api.py)."""
    from .views import CaseViewSet

    router.register("cases", CaseViewSet, basename="case")
