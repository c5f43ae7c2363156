"""考核 models, one module per part of "四个统一"; everything is importable from `assessment.models`."""

# --- 统一部署工作 / 统一配置力量 (planning.py) ---
from .planning import (  # noqa: F401
    CoordinationGroup,
    Duty,
    FundSource,
    GroupMember,
    PlanIndicator,
    ResourceAllocation,
    ResourceKind,
    Target,
    TargetPlan,
    TargetState,
)
