from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet

from ..filtersets import OrganisationFilterSet
from ..models import Organisation
from ..services import organisation_create, organisation_dissolve, organisation_merge, organisation_update
from .serializers import DissolveSerializer, OrganisationSerializer


class OrganisationViewSet(ScopedModelViewSet):
    """Union organisations at every level. `within=<id>` gives a node's whole subtree, itself included;
    `parent=<id>` its direct children; `search` matches name, short name and codes."""

    queryset = Organisation.objects.with_path()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    create_service = organisation_create
    update_service = organisation_update

    @extend_schema(request=DissolveSerializer, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        """Dissolve the organisation, or merge it into `merged_into`. Nothing is ever deleted."""
        organisation = self.get_object()
        serializer = DissolveSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        into = serializer.validated_data.get("merged_into")
        on = serializer.validated_data.get("on")
        if into is not None:
            result = organisation_merge(actor=request.user, organisation=organisation, into=into, on=on)
        else:
            result = organisation_dissolve(actor=request.user, organisation=organisation, on=on)
        return Response(OrganisationSerializer(result, context=self.get_serializer_context()).data)
