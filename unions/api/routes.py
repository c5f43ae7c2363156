def register(router):
    """Add this app's viewsets to the API router (unionportal/api.py)."""
    from .views import (
        AnnualReturnViewSet,
        CoveredEmployerViewSet,
        RegistrationViewSet,
        ReturnPeriodViewSet,
        SixHasItemViewSet,
        UnorganisedEmployerViewSet,
    )

    router.register("registrations", RegistrationViewSet, basename="registration")
    router.register("covered-employers", CoveredEmployerViewSet, basename="coveredemployer")
    router.register("six-has-items", SixHasItemViewSet, basename="sixhasitem")
    router.register("annual-returns", AnnualReturnViewSet, basename="annualreturn")
    router.register("return-periods", ReturnPeriodViewSet, basename="returnperiod")
    router.register("unorganised-employers", UnorganisedEmployerViewSet, basename="unorganisedemployer")
