from activities.models import ActivityPhoto
from core.api.viewsets import AttachmentsMixin, ScopedModelViewSet
from core.services import record_create, record_update
from core.uploads import IMAGE

from ..filtersets import ActivityFilterSet
from ..views import activities
from .serializers import ActivitySerializer


class ActivityViewSet(AttachmentsMixin, ScopedModelViewSet):
    """Activities organised by unions, at a station and/or a home. The station and the home must be the
    organiser's own, a higher union's or a lower union's, and in the caller's write scope; the date not in
    the future. `station=<id>` / `home=<id>` list those held there."""

    attachment_model = ActivityPhoto
    attachment_parent = "activity"
    attachment_kinds = (IMAGE,)
    queryset = activities.prefetch_related("photos")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    create_service = record_create
    update_service = record_update
