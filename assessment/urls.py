from django.urls import include, path

from core.views import ModelViews

app_name = "assessment"

urlpatterns = []

# --- 统一部署工作 / 统一配置力量: target plans, targets, coordination groups, allocations (engineer "figures") ---
from .filtersets.planning import (  # noqa: E402
    CoordinationGroupFilterSet,
    ResourceAllocationFilterSet,
    TargetFilterSet,
    TargetPlanFilterSet,
)
from .forms.planning import (  # noqa: E402
    CoordinationGroupForm,
    GroupMemberFormSet,
    PlanIndicatorFormSet,
    ResourceAllocationForm,
    TargetForm,
    TargetPlanForm,
)
from .resources.planning import (  # noqa: E402
    CoordinationGroupResource,
    ResourceAllocationResource,
    TargetPlanResource,
    TargetResource,
)
from .tables.planning import (  # noqa: E402
    CoordinationGroupTable,
    ResourceAllocationTable,
    TargetPlanTable,
    TargetTable,
)
from .views import planning as planning_views  # noqa: E402

plan_views = ModelViews(
    planning_views.plans,
    filterset=TargetPlanFilterSet,
    table=TargetPlanTable,
    form_class=TargetPlanForm,
    resource=TargetPlanResource,
    importable=False,
    inlines=(PlanIndicatorFormSet,),
    detail=planning_views.TargetPlanDetailView,
    edit=planning_views.TargetPlanEditView,
    detail_template="assessment/planning/targetplan_detail.html",
    detail_fields=("issuer", "year", "name", "parent", "note"),
)
target_views = ModelViews(
    planning_views.targets,
    filterset=TargetFilterSet,
    table=TargetTable,
    form_class=TargetForm,
    resource=TargetResource,
    detail=planning_views.TargetDetailView,
    detail_template="assessment/planning/target_detail.html",
    detail_fields=("organisation", "indicator", "value", "measured", "note"),
)
group_views = ModelViews(
    planning_views.groups,
    filterset=CoordinationGroupFilterSet,
    table=CoordinationGroupTable,
    form_class=CoordinationGroupForm,
    resource=CoordinationGroupResource,
    importable=False,
    inlines=(GroupMemberFormSet,),
    detail=planning_views.CoordinationGroupDetailView,
    detail_template="assessment/planning/coordinationgroup_detail.html",
    detail_fields=(
        "organisation",
        "name",
        "leader_name",
        "leader_post",
        "established_on",
        "office_name",
        "office_head",
        "office_phone",
        "responsibilities",
    ),  # fmt: skip
)
allocation_views = ModelViews(
    planning_views.allocations,
    filterset=ResourceAllocationFilterSet,
    table=ResourceAllocationTable,
    form_class=ResourceAllocationForm,
    resource=ResourceAllocationResource,
    importable=False,
    detail_fields=(
        "giver",
        "year",
        "kind",
        "target",
        "union",
        "station",
        "home",
        "organisation",
        "amount",
        "source",
        "staff",
        "venue",
        "area",
        "note",
    ),  # fmt: skip
)

urlpatterns += [
    path("plans/<int:pk>/act/<str:action>/", planning_views.TargetPlanActionView.as_view(), name="targetplan_action"),
    path("plans/", include(plan_views.urls())),
    path("targets/", include(target_views.urls())),
    path("groups/", include(group_views.urls())),
    path("allocations/totals/", planning_views.AllocationTotalsView.as_view(), name="allocation_totals"),
    path("allocations/", include(allocation_views.urls())),
]
# --- end of planning ---

# --- acceptance and inspections: imports ---
from . import acceptance_services as _services  # noqa: E402
from . import acceptance_views as _views  # noqa: E402
from .acceptance_filtersets import (  # noqa: E402
    AcceptanceReportFilterSet,
    FindingFilterSet,
    InspectionFilterSet,
    InspectionPlanFilterSet,
    RectificationFilterSet,
    RubricFilterSet,
)
from .acceptance_forms import (  # noqa: E402
    AcceptanceReportForm,
    FindingForm,
    GradeBandFormSet,
    InspectionForm,
    InspectionPlanForm,
    RectificationForm,
    RubricForm,
    RubricItemFormSet,
)
from .acceptance_resources import (  # noqa: E402
    AcceptanceReportResource,
    FindingResource,
    InspectionPlanResource,
    InspectionResource,
    RectificationResource,
    RubricResource,
)
from .acceptance_tables import (  # noqa: E402
    AcceptanceReportTable,
    FindingTable,
    InspectionPlanTable,
    InspectionTable,
    RectificationTable,
    RubricTable,
)
from .models import AcceptanceReport, Finding, FindingPhoto, Inspection, InspectionPlan, Rectification, Rubric  # noqa: E402

# --- end acceptance and inspections: imports ---


# --- acceptance and inspections (统一检查指导, 统一考核验收) ---
PATH = "organisation__parent__parent__parent__parent"

rubrics = ModelViews(
    Rubric.objects.select_related("owner"),
    filterset=RubricFilterSet,
    table=RubricTable,
    form_class=RubricForm,
    resource=RubricResource,
    importable=False,
    inlines=[RubricItemFormSet, GradeBandFormSet],
    create_service=_services.rubric_save,
    update_service=_services.rubric_save,
    detail=_views.RubricDetailView,
    edit=_views.RubricEditView,
    detail_template="assessment/rubric_detail.html",
)

reports = ModelViews(
    AcceptanceReport.objects.select_related(
        "organisation", "rubric", "self_assessed_by", "scored_by", "decided_by"
    ).prefetch_related(PATH),  # fmt: skip
    filterset=AcceptanceReportFilterSet,
    table=AcceptanceReportTable,
    form_class=AcceptanceReportForm,
    resource=AcceptanceReportResource,
    importable=False,
    create_service=_services.report_create,
    update_service=_services.report_update,
    detail=_views.ReportDetailView,
    detail_template="assessment/report_detail.html",
)

inspection_plans = ModelViews(
    InspectionPlan.objects.select_related("organisation", "rubric"),
    filterset=InspectionPlanFilterSet,
    table=InspectionPlanTable,
    form_class=InspectionPlanForm,
    resource=InspectionPlanResource,
    importable=False,
    detail_fields=("organisation", "year", "name", "rubric", "starts_on", "ends_on"),
    detail_template="assessment/inspectionplan_detail.html",
)

inspections = ModelViews(
    Inspection.objects.select_related("organisation", "plan").prefetch_related(PATH),
    filterset=InspectionFilterSet,
    table=InspectionTable,
    form_class=InspectionForm,
    resource=InspectionResource,
    importable=False,
    create_service=_services.inspection_save,
    update_service=_services.inspection_save,
    detail=_views.InspectionDetailView,
    detail_template="assessment/inspection_detail.html",
    detail_fields=("plan", "organisation", "inspectors", "visit_on", "state", "note"),
)

findings = ModelViews(
    Finding.objects.select_related("inspection__organisation", "inspection__plan", "item"),
    filterset=FindingFilterSet,
    table=FindingTable,
    form_class=FindingForm,
    resource=FindingResource,
    importable=False,
    create_service=_services.finding_save,
    update_service=_services.finding_save,
    attachment_model=FindingPhoto,
    attachment_parent="finding",
    detail=_views.FindingDetailView,
    detail_template="assessment/finding_detail.html",
    detail_fields=("inspection", "item", "text", "recorded_by", "created"),
)

rectifications = ModelViews(
    Rectification.objects.select_related("organisation", "finding__inspection"),
    filterset=RectificationFilterSet,
    table=RectificationTable,
    form_class=RectificationForm,
    resource=RectificationResource,
    importable=False,
    create_service=_services.rectification_save,
    update_service=_services.rectification_save,
    detail=_views.RectificationDetailView,
    edit=_views.RectificationEditView,
    detail_template="assessment/rectification_detail.html",
    detail_fields=(
        "organisation",
        "finding",
        "requirement",
        "responsible",
        "deadline",
        "status",
        "answer",
        "answered_by",
        "answered_at",
        "verified_by",
        "verified_at",
        "verify_note",
    ),  # fmt: skip
)

urlpatterns += [
    path("rubrics/<int:pk>/new-version/", _views.RubricNewVersionView.as_view(), name="rubric_new_version"),
    path("reports/<int:pk>/items/<int:item_id>/", _views.ReportItemSaveView.as_view(), name="report_item_save"),
    path(
        "reports/<int:pk>/items/<int:item_id>/evidence/", _views.ReportEvidenceView.as_view(), name="report_evidence"
    ),  # fmt: skip
    path("reports/<int:pk>/act/<str:action>/", _views.ReportActionView.as_view(), name="report_action"),
    path("reports/<int:pk>/pdf/", _views.ReportPdfView.as_view(), name="report_pdf"),
    path(
        "rectifications/<int:pk>/act/<str:action>/",
        _views.RectificationActionView.as_view(),
        name="rectification_action",
    ),  # fmt: skip
    path("rubrics/", include(rubrics.urls())),
    path("reports/", include(reports.urls())),
    path("inspection-plans/", include(inspection_plans.urls())),
    path("inspections/", include(inspections.urls())),
    path("findings/", include(findings.urls())),
    path("rectifications/", include(rectifications.urls())),
]
# --- end acceptance and inspections ---
