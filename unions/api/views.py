from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import AttachmentsMixin, ScopedModelViewSet
from core.services import record_create, record_update
from core.uploads import IMAGE, PDF

from .. import services
from ..filtersets import (
    AnnualReturnFilterSet,
    RegistrationFilterSet,
    ReturnPeriodFilterSet,
    SixHasItemFilterSet,
    UnorganisedEmployerFilterSet,
)
from ..models import (
    AnnualReturn,
    CoveredEmployer,
    Registration,
    ReturnPeriod,
    SixHasEvidence,
    SixHasItem,
    UnorganisedEmployer,
)
from .serializers import (
    AnnualReturnSerializer,
    CoveredEmployerSerializer,
    DecisionSerializer,
    RegistrationSerializer,
    ReturnPeriodSerializer,
    SixHasItemSerializer,
    UnorganisedEmployerSerializer,
)


class RegistrationViewSet(ScopedModelViewSet):
    """Grassroots union registrations (依法建会). `election=lapsed|soon|due` lists chairs' terms ending within
    90 days or lapsed; `six_has=yes|no` cuts by "六有" compliance."""

    queryset = Registration.objects.select_related("organisation").prefetch_related("covered_employers")
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilterSet
    # the stored other units count (they are written through covered-employers/)
    create_service = services.registration_save
    update_service = services.registration_save


class CoveredEmployerViewSet(ScopedModelViewSet):
    """The other employer units joint unions cover."""

    queryset = CoveredEmployer.objects.select_related("registration__organisation")
    serializer_class = CoveredEmployerSerializer
    create_service = record_create
    update_service = record_update


class SixHasItemViewSet(AttachmentsMixin, ScopedModelViewSet):
    """The six "六有" items per union (state, note; evidence files are uploaded in the browser)."""

    attachment_model = SixHasEvidence
    attachment_parent = "item"
    attachment_kinds = (IMAGE, PDF)
    queryset = SixHasItem.objects.select_related("organisation").prefetch_related("evidence")
    serializer_class = SixHasItemSerializer
    filterset_class = SixHasItemFilterSet
    create_service = record_create
    update_service = record_update

    def _save(self, serializer, service):
        serializer.validated_data["assessed_by"] = self.request.user
        super()._save(serializer, service)


class AnnualReturnViewSet(ScopedModelViewSet):
    """Annual returns; filed under the reporting unit's period and locked once it is submitted or approved."""

    queryset = AnnualReturn.objects.select_related("organisation", "period")
    serializer_class = AnnualReturnSerializer
    filterset_class = AnnualReturnFilterSet
    create_service = services.annual_return_save
    update_service = services.annual_return_save


# Periods are made with a union's first return of the year, never posted: the route exists (a viewset's) but is not
# offered in the schema.
@extend_schema_view(create=extend_schema(exclude=True))
class ReturnPeriodViewSet(ScopedModelViewSet):
    """A reporting unit's returns for a year. Read-only, with the actions `submit` (the unit), `approve` and
    `send_back` (the level above; a comment is required to send back)."""

    http_method_names = ["get", "post", "head", "options"]
    queryset = ReturnPeriod.objects.select_related("unit")
    serializer_class = ReturnPeriodSerializer
    filterset_class = ReturnPeriodFilterSet

    def create(self, request, *args, **kwargs):
        raise exceptions.MethodNotAllowed("POST")

    def _act(self, request, service, **extra):
        period = self.get_object()
        period._version_seen = request.headers.get("If-Match", "").strip().strip("*") or None  # 412 when stale
        try:
            period = service(actor=request.user, period=period, **extra)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(ReturnPeriodSerializer(period, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=ReturnPeriodSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, services.period_submit)

    @extend_schema(request=DecisionSerializer, responses=ReturnPeriodSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(request, services.period_approve, comment=request.data.get("comment", ""))

    @extend_schema(request=DecisionSerializer, responses=ReturnPeriodSerializer)
    @action(detail=True, methods=["post"])
    def send_back(self, request, pk=None):
        return self._act(request, services.period_send_back, comment=request.data.get("comment", ""))

    def check_object_permissions(self, request, obj):
        # The services decide who may act on a period (the unit submits, the level above decides).
        return


class UnorganisedEmployerViewSet(ScopedModelViewSet):
    """Employers without a union (未建会单位), followed until one is established."""

    queryset = UnorganisedEmployer.objects.select_related("area", "union")
    serializer_class = UnorganisedEmployerSerializer
    filterset_class = UnorganisedEmployerFilterSet
    create_service = record_create
    update_service = record_update
