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
