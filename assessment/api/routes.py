def register(router):
    """Add this app's viewsets to the API router (unionportal/api.py), under assessment/."""
    # --- acceptance and inspections (统一检查指导, 统一考核验收) ---
    from .acceptance_views import (
        AcceptanceReportViewSet,
        FindingViewSet,
        InspectionPlanViewSet,
        InspectionViewSet,
        RectificationViewSet,
        RubricViewSet,
    )

    router.register("assessment/rubrics", RubricViewSet, basename="rubric")
    router.register("assessment/reports", AcceptanceReportViewSet, basename="acceptancereport")
    router.register("assessment/inspection-plans", InspectionPlanViewSet, basename="inspectionplan")
    router.register("assessment/inspections", InspectionViewSet, basename="inspection")
    router.register("assessment/findings", FindingViewSet, basename="finding")
    router.register("assessment/rectifications", RectificationViewSet, basename="rectification")
    # --- end acceptance and inspections ---
