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
