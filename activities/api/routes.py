def register(router):
    """Add this app's viewsets to the API router (unionportal/api.py)."""
    from .views import ActivityViewSet

    router.register("activities", ActivityViewSet, basename="activity")
