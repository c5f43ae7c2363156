def register(router):
    """Add this app's viewsets to the API router (unionportal/api.py)."""
    from .views import OrganisationViewSet

    router.register("orgs", OrganisationViewSet, basename="organisation")
