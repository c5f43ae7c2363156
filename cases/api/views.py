from core.api.viewsets import ScopedModelViewSet

from ..filtersets import CaseFilterSet
from ..views import cases
from .serializers import CaseSerializer


class CaseViewSet(ScopedModelViewSet):
    """Good-practice cases (好经验), read-only: the published ones, and the drafts and submitted ones of the
    caller's read scope. `within=<organisation id>` gives a subtree's cases and those involving its unions;
    `q` searches title, summary and body. Cases are written and published on their pages."""

    http_method_names = ["get", "head", "options"]
    queryset = cases.prefetch_related("unions", "stations", "homes", "groups", "photos")
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
