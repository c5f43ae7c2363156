from core.api.viewsets import AttachmentsMixin, ScopedModelViewSet
from core.services import record_create, record_update
from core.uploads import IMAGE
from stations.models import StationPhoto

from ..filtersets import ServiceRecordFilterSet, ServiceStationFilterSet, StationReviewFilterSet
from ..models import ServiceRecord, ServiceStation, StationContact, StationReview, StationService
from ..services import service_record_create, service_record_update
from .serializers import (
    ServiceRecordSerializer,
    ServiceStationSerializer,
    StationContactSerializer,
    StationReviewSerializer,
    StationServiceSerializer,
)


class ServiceStationViewSet(AttachmentsMixin, ScopedModelViewSet):
    """Worker service stations (职工服务站). `within=<organisation id>` gives the stations hosted in that
    subtree; services and contacts are read here and written through their own endpoints."""

    attachment_model = StationPhoto
    attachment_parent = "station"
    attachment_kinds = (IMAGE,)
    queryset = ServiceStation.objects.select_related("host").prefetch_related("services", "contacts", "photos")
    serializer_class = ServiceStationSerializer
    filterset_class = ServiceStationFilterSet
    create_service = record_create
    update_service = record_update


class StationServiceViewSet(ScopedModelViewSet):
    """The services a station offers (one row per category, with what is offered)."""

    queryset = StationService.objects.select_related("station")
    serializer_class = StationServiceSerializer
    filterset_fields = ["station", "category"]
    create_service = record_create
    update_service = record_update


class StationContactViewSet(ScopedModelViewSet):
    """Named contacts of a station."""

    queryset = StationContact.objects.select_related("station")
    serializer_class = StationContactSerializer
    filterset_fields = ["station"]
    create_service = record_create
    update_service = record_update


class StationReviewViewSet(ScopedModelViewSet):
    """Yearly station reviews; the tier is computed from the checklist, the services and the floor area."""

    queryset = StationReview.objects.select_related("station")
    serializer_class = StationReviewSerializer
    filterset_class = StationReviewFilterSet
    create_service = record_create
    update_service = record_update


class ServiceRecordViewSet(ScopedModelViewSet):
    """The service ledger (服务台账). `unions` may name only unions under the station's host."""

    queryset = ServiceRecord.objects.select_related("station").prefetch_related("unions")
    serializer_class = ServiceRecordSerializer
    filterset_class = ServiceRecordFilterSet
    create_service = service_record_create
    update_service = service_record_update
