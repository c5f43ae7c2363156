def register(router):
    """Add this app's viewsets to the API router (unionportal/api.py)."""
    from .views import AccountViewSet

    router.register("users", AccountViewSet, basename="user")
