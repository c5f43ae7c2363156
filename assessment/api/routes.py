def register(router):
    """Add the assessment viewsets under /api/v1/assessment/ (unionportal/api.py)."""
    # --- 统一部署工作 / 统一配置力量: plans, targets, coordination groups, allocations (engineer "figures") ---
    register_planning(router)


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
