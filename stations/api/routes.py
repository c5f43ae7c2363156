def register(router):
    """Add this app's viewsets to the API router (unionportal/api.py)."""
    from .views import (
        ServiceRecordViewSet,
        ServiceStationViewSet,
        StationContactViewSet,
        StationReviewViewSet,
        StationServiceViewSet,
    )

    router.register("stations/records", ServiceRecordViewSet, basename="servicerecord")
    router.register("stations/reviews", StationReviewViewSet, basename="stationreview")
    router.register("stations/services", StationServiceViewSet, basename="stationservice")
    router.register("stations/contacts", StationContactViewSet, basename="stationcontact")
    router.register("stations", ServiceStationViewSet, basename="servicestation")
