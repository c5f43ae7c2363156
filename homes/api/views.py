import django_filters

from core.api.viewsets import AttachmentsMixin, ScopedModelViewSet
from core.filters import PortalFilterSet
from core.services import record_create, record_update
from core.uploads import IMAGE
from homes.models import HomePhoto

from ..filtersets import WorkersHomeFilterSet
from ..models import Facility, Honour, SatisfactionRating
from ..views import homes
from .serializers import FacilitySerializer, HonourSerializer, SatisfactionRatingSerializer, WorkersHomeSerializer


class WorkersHomeViewSet(AttachmentsMixin, ScopedModelViewSet):
    """Workers' homes (职工之家) with their facilities, whether they meet the six-function standard and which
    functions are missing. Facilities, honours and ratings are written through their own endpoints."""

    attachment_model = HomePhoto
    attachment_parent = "home"
    attachment_kinds = (IMAGE,)
    queryset = homes.prefetch_related("photos")
    serializer_class = WorkersHomeSerializer
    filterset_class = WorkersHomeFilterSet
    create_service = record_create
    update_service = record_update


class HomeChildFilterSet(PortalFilterSet):
    home = django_filters.NumberFilter(field_name="home_id")


class FacilityFilterSet(HomeChildFilterSet):
    class Meta:
        model = Facility
        fields = ["home", "kind"]


class HonourFilterSet(HomeChildFilterSet):
    class Meta:
        model = Honour
        fields = ["home", "title", "level", "year"]


class RatingFilterSet(HomeChildFilterSet):
    class Meta:
        model = SatisfactionRating
        fields = ["home", "year"]


class FacilityViewSet(ScopedModelViewSet):
    """A home's facilities; `functions` lists which of the six functions each provides."""

    queryset = Facility.objects.select_related("home")
    serializer_class = FacilitySerializer
    filterset_class = FacilityFilterSet
    create_service = record_create
    update_service = record_update
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]

    def perform_destroy(self, instance):
        from core.services import record_delete

        record_delete(actor=self.request.user, instance=instance)


class HonourViewSet(FacilityViewSet):
    """Honours of homes (模范职工之家 …), by level and year."""

    queryset = Honour.objects.select_related("home")
    serializer_class = HonourSerializer
    filterset_class = HonourFilterSet


class SatisfactionRatingViewSet(FacilityViewSet):
    """会员评家: members' satisfaction with their home, per year."""

    queryset = SatisfactionRating.objects.select_related("home")
    serializer_class = SatisfactionRatingSerializer
    filterset_class = RatingFilterSet
