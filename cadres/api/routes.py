def register(router):
    """Add this app's viewsets to the API router (unionportal/api.py)."""
    from .views import (
        AppraisalIndicatorViewSet,
        CadreAppraisalViewSet,
        CadreViewSet,
        ContactAssignmentViewSet,
        ContactLogViewSet,
    )

    router.register("cadres", CadreViewSet, basename="cadre")
    router.register("cadre-appraisals", CadreAppraisalViewSet, basename="cadreappraisal")
    router.register("contact-assignments", ContactAssignmentViewSet, basename="contactassignment")
    router.register("contact-logs", ContactLogViewSet, basename="contactlog")
    router.register("appraisal-indicators", AppraisalIndicatorViewSet, basename="appraisalindicator")
