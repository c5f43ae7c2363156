"""考核 models, one module per part of "四个统一"; everything is importable from `assessment.models`."""

# --- 统一部署工作 / 统一配置力量 (planning.py) ---
# --- 统一检查指导 / 统一考核验收 (acceptance.py) ---
from .acceptance import (  # noqa: F401
    AcceptanceReport,
    Finding,
    FindingPhoto,
    GradeBand,
    Inspection,
    InspectionPlan,
    Rectification,
    RectificationEvidence,
    ReportEvidence,
    ReportItem,
    Rubric,
    RubricItem,
)
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
