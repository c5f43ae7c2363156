"""API of 统一部署工作 and 统一配置力量 under /api/v1/assessment/: plans (with their indicators), indicators,
targets (with their live `actual` and `state`), coordination groups (with members), members and allocations."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from core.api.viewsets import ScopedModelViewSet
from core.services import record_create, record_update

from ..filtersets.planning import (
    CoordinationGroupFilterSet,
    ResourceAllocationFilterSet,
    TargetFilterSet,
    TargetPlanFilterSet,
)
from ..models.planning import (
    CoordinationGroup,
    GroupMember,
    PlanIndicator,
    ResourceAllocation,
    Target,
    TargetPlan,
    TargetState,
    figure_choices,
)
from ..selectors.planning import annotate_progress
from ..services.planning import indicator_create
from ..views.planning import allocations, groups, plans, targets


class PlanIndicatorSerializer(ScopedModelSerializer):
    figure = serializers.ChoiceField(
        choices=[("", "free indicator measured by hand")] + [(k, str(n)) for k, n in figure_choices()],
        required=False,
        allow_blank=True,
        help_text="A figure key (progress computed live) or blank for a free indicator measured by hand.",
    )

    class Meta:
        model = PlanIndicator
        fields = ["id", "plan", "figure", "name", "unit", "value", "value_class_1", "value_class_2", "value_class_3",
                  "parent", "created", "updated"]  # fmt: skip
        read_only_fields = ["parent", "created", "updated"]
        validators = []


class TargetPlanSerializer(ScopedModelSerializer):
    indicators = PlanIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = TargetPlan
        fields = ["id", "issuer", "year", "name", "parent", "note", "indicators", "created", "updated"]
        read_only_fields = ["created", "updated"]
        validators = []

    def get_fields(self):
        from core.scope import VIEW

        fields = super().get_fields()
        request = self.context.get("request")
        # the plan cascaded is issued above the caller: readable, not writable, by them
        if request is not None:
            fields["parent"].queryset = TargetPlan.objects.restrict(request.user, VIEW)
        return fields


class TargetSerializer(ScopedModelSerializer):
    plan = serializers.IntegerField(source="indicator.plan_id", read_only=True)
    indicator_key = serializers.CharField(source="indicator.key", read_only=True, help_text='figure key or "free"')
    indicator_name = serializers.CharField(source="indicator.display_name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    actual = serializers.SerializerMethodField(help_text="computed live through the figures (free: measured)")
    gap = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField(help_text="met, on_track, behind or unknown")

    class Meta:
        model = Target
        fields = ["id", "plan", "indicator", "indicator_key", "indicator_name", "unit", "organisation", "value",
                  "measured", "actual", "gap", "state", "note", "created", "updated"]  # fmt: skip
        read_only_fields = ["created", "updated"]
        validators = []

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True))
    def get_actual(self, obj):
        return None if obj.actual is None else str(Decimal(obj.actual).quantize(Decimal("0.01")))

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True))
    def get_gap(self, obj):
        return None if obj.gap is None else str(Decimal(obj.gap).quantize(Decimal("0.01")))

    @extend_schema_field(serializers.ChoiceField(choices=TargetState.choices))
    def get_state(self, obj):
        return obj.state


class GroupMemberSerializer(ScopedModelSerializer):
    class Meta:
        model = GroupMember
        fields = ["id", "group", "name", "post", "duty", "phone", "created", "updated"]
        read_only_fields = ["created", "updated"]


class CoordinationGroupSerializer(ScopedModelSerializer):
    members = GroupMemberSerializer(many=True, read_only=True)

    class Meta:
        model = CoordinationGroup
        fields = ["id", "organisation", "name", "leader_name", "leader_post", "office_name", "office_head",
                  "office_phone", "established_on", "responsibilities", "members", "created", "updated"]  # fmt: skip
        read_only_fields = ["created", "updated"]
        validators = []


class ResourceAllocationSerializer(ScopedModelSerializer):
    class Meta:
        model = ResourceAllocation
        fields = ["id", "giver", "year", "kind", "target", "union", "station", "home", "organisation", "amount",
                  "source", "staff", "venue", "area", "note", "created", "updated"]  # fmt: skip
        read_only_fields = ["organisation", "created", "updated"]


class TargetPlanViewSet(ScopedModelViewSet):
    """Yearly target plans (目标计划) issued by a province, prefecture or county union to its children; readable
    inside the caller's subtree and from the levels above it, written by the issuer's write roles."""

    queryset = plans.prefetch_related("indicators")
    serializer_class = TargetPlanSerializer
    filterset_class = TargetPlanFilterSet
    create_service = record_create
    update_service = record_update


class PlanIndicatorViewSet(ScopedModelViewSet):
    """A plan's indicators; creating one gives every child of the issuer its target (its region class's value)."""

    queryset = PlanIndicator.objects.select_related("plan")
    serializer_class = PlanIndicatorSerializer
    create_service = indicator_create
    update_service = record_update
    filterset_fields = ["plan", "figure"]


class TargetViewSet(ScopedModelViewSet):
    """Targets, one per child organisation and indicator, with `actual` computed live from the records."""

    queryset = targets
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    create_service = record_create
    update_service = record_update

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            annotate_progress(page)
        return page


class CoordinationGroupViewSet(ScopedModelViewSet):
    """协调领导小组 with their leader (第一责任人), office and members (each 亲自抓 / 具体抓 / 合力抓)."""

    queryset = groups.prefetch_related("members")
    serializer_class = CoordinationGroupSerializer
    filterset_class = CoordinationGroupFilterSet
    create_service = record_create
    update_service = record_update


class GroupMemberViewSet(ScopedModelViewSet):
    """Members of coordination groups."""

    queryset = GroupMember.objects.select_related("group")
    serializer_class = GroupMemberSerializer
    filterset_fields = ["group", "duty"]
    create_service = record_create
    update_service = record_update


class ResourceAllocationViewSet(ScopedModelViewSet):
    """统一配置力量: staff, funds and venues given to a target, a union, a station or a home."""

    queryset = allocations
    serializer_class = ResourceAllocationSerializer
    filterset_class = ResourceAllocationFilterSet
    create_service = record_create
    update_service = record_update
