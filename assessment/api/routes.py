def register(router):
    """Add the assessment viewsets under /api/v1/assessment/ (unionportal/api.py)."""
    # --- 统一部署工作 / 统一配置力量: plans, targets, coordination groups, allocations (engineer "figures") ---
    register_planning(router)


def register_planning(router):
    pass
