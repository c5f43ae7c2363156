def register(router):
    """Add the assessment viewsets under /api/v1/assessment/ (unionportal/api.py)."""
    # --- 统一部署工作 / 统一配置力量: plans, targets, coordination groups, allocations (engineer "figures") ---
    register_planning(router)
    # --- 统一检查指导 / 统一考核验收: rubrics, reports, inspections, findings, rectifications ---
    register_acceptance(router)


def register_acceptance(router):
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


def register_planning(router):
    from .planning import (
        CoordinationGroupViewSet,
        GroupMemberViewSet,
        PlanIndicatorViewSet,
        ResourceAllocationViewSet,
        TargetPlanViewSet,
        TargetViewSet,
    )

    router.register("assessment/plans", TargetPlanViewSet, basename="targetplan")
    router.register("assessment/indicators", PlanIndicatorViewSet, basename="planindicator")
    router.register("assessment/targets", TargetViewSet, basename="target")
    router.register("assessment/groups", CoordinationGroupViewSet, basename="coordinationgroup")
    router.register("assessment/group-members", GroupMemberViewSet, basename="groupmember")
    router.register("assessment/allocations", ResourceAllocationViewSet, basename="resourceallocation")
