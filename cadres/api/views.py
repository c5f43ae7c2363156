from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework import exceptions, viewsets

from core.api.viewsets import ScopedModelViewSet
from core.services import record_create, record_update

from ..filtersets import CadreAppraisalFilterSet, CadreFilterSet, ContactAssignmentFilterSet, ContactLogFilterSet
from ..models import AppraisalIndicator, Cadre, CadreAppraisal, ContactAssignment, ContactLog
from ..selectors import with_may_edit
from ..services import appraisal_save, cadre_save
from .serializers import (
    AppraisalIndicatorSerializer,
    CadreAppraisalSerializer,
    CadreSerializer,
    ContactAssignmentSerializer,
    ContactLogSerializer,
)


class NestedRowsViewSet(ScopedModelViewSet):
    """Writes a record with its nested rows (`nested_field`) through one service call."""

    nested_field = None
    service = None

    def _save(self, serializer, service):
        data = dict(serializer.validated_data)
        rows = data.pop(self.nested_field, None)
        instance = serializer.instance or serializer.Meta.model()
        for key, value in data.items():
            setattr(instance, key, value)
        try:
            serializer.instance = type(self).service(actor=self.request.user, instance=instance, **self.rows(rows))
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc


class CadreViewSet(NestedRowsViewSet):
    """Union cadres. Phones are masked unless the caller may change the cadre. `within=<organisation id>` gives
    a subtree's cadres, `organisation=<id>` one union's, `current=1` only those in office."""

    queryset = Cadre.objects.select_related("organisation").prefetch_related("trainings")
    serializer_class = CadreSerializer
    filterset_class = CadreFilterSet
    nested_field = "trainings"
    service = cadre_save
    create_service = cadre_save
    update_service = cadre_save

    def get_queryset(self):
        return with_may_edit(super().get_queryset(), self.request.user)

    def rows(self, rows):
        return {"trainings": rows}


class CadreAppraisalViewSet(NestedRowsViewSet):
    """Yearly duty appraisals. Send `scores` ([{indicator, score}], one per active indicator); `total` and
    `grade` are derived (grade from the total unless `grade_override` is given with `override_reason`)."""

    queryset = CadreAppraisal.objects.select_related("cadre").prefetch_related("scores__indicator")
    serializer_class = CadreAppraisalSerializer
    filterset_class = CadreAppraisalFilterSet
    nested_field = "scores"
    service = appraisal_save
    create_service = appraisal_save
    update_service = appraisal_save

    def rows(self, rows):
        if rows is None:
            return {"scores": None}
        return {"scores": [(row["indicator"], row["score"]) for row in rows]}


class ContactAssignmentViewSet(ScopedModelViewSet):
    """Which grassroots unions a cadre is responsible for contacting; the union must lie under the cadre's own."""

    queryset = ContactAssignment.objects.select_related("cadre", "union")
    serializer_class = ContactAssignmentSerializer
    filterset_class = ContactAssignmentFilterSet
    create_service = record_create
    update_service = record_update


class ContactLogViewSet(ScopedModelViewSet):
    """Contacts made; refused for a union the cadre is not assigned to on that date."""

    queryset = ContactLog.objects.select_related("cadre", "union")
    serializer_class = ContactLogSerializer
    filterset_class = ContactLogFilterSet
    create_service = record_create
    update_service = record_update


class AppraisalIndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The appraisal indicators and their full marks (changed by administrators in the admin)."""

    queryset = AppraisalIndicator.objects.all()
    serializer_class = AppraisalIndicatorSerializer
    pagination_class = None
