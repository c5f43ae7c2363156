def register(router):
    """Add this app's viewsets to the API router (unionportal/api.py)."""
    from .views import FacilityViewSet, HonourViewSet, SatisfactionRatingViewSet, WorkersHomeViewSet

    router.register("homes/facilities", FacilityViewSet, basename="facility")
    router.register("homes/honours", HonourViewSet, basename="honour")
    router.register("homes/ratings", SatisfactionRatingViewSet, basename="satisfactionrating")
    router.register("homes", WorkersHomeViewSet, basename="workershome")
