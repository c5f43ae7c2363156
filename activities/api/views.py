from core.api.viewsets import ScopedModelViewSet
from core.services import record_create, record_update

from ..filtersets import ActivityFilterSet
from ..views import activities
from .serializers import ActivitySerializer


class ActivityViewSet(ScopedModelViewSet):
    """Activities organised by unions, at a station and/or a home. The station and the home must be the
    organiser's own, a higher union's or a lower union's, and in the caller's write scope; the date not in
    the future. `station=<id>` / `home=<id>` list those held there."""

    queryset = activities.prefetch_related("photos")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    create_service = record_create
    update_service = record_update
