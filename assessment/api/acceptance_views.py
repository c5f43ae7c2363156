"""API of rubrics, acceptance reports (with their score rows, transitions and PDF), inspections, findings and
rectifications. Who may act is decided by the services (assessment.acceptance_services): a role that may not act
is 403, a broken rule 400 naming the field, anything outside the read scope 404."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import AttachmentsMixin, ScopedModelViewSet
from core.services import record_create, record_update
from core.uploads import IMAGE, PDF

from .. import acceptance_services as services
from ..acceptance_filtersets import (
    AcceptanceReportFilterSet,
    FindingFilterSet,
    InspectionFilterSet,
    InspectionPlanFilterSet,
    RectificationFilterSet,
    RubricFilterSet,
)
from ..models import (
    AcceptanceReport,
    Finding,
    FindingPhoto,
    Inspection,
    InspectionPlan,
    Rectification,
    RectificationEvidence,
    Rubric,
    RubricItem,
)
from .acceptance_serializers import (
    AcceptanceReportSerializer,
    AnswerSerializer,
    CommentSerializer,
    FindingSerializer,
    InspectionPlanSerializer,
    InspectionSerializer,
    RectificationSerializer,
    ReportItemSerializer,
    ReportItemWriteSerializer,
    RubricSerializer,
    VerifySerializer,
)


def acting(call):
    """Run a service, turning a refused role into 403 (validation errors become 400 in core's handler)."""
    try:
        return call()
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc


class RubricViewSet(ScopedModelViewSet):
    """考核验收标准 with their items and grade bands. A rubric used by any report is frozen: `new_version`
    copies it as the next version."""

    queryset = Rubric.objects.select_related("owner").prefetch_related("items", "bands")
    serializer_class = RubricSerializer
    filterset_class = RubricFilterSet
    create_service = services.rubric_save
    update_service = services.rubric_save

    @extend_schema(request=None, responses=RubricSerializer)
    @action(detail=True, methods=["post"])
    def new_version(self, request, pk=None):
        rubric = self.get_object()
        copy = acting(lambda: services.rubric_new_version(actor=request.user, rubric=rubric))
        return Response(RubricSerializer(copy, context=self.get_serializer_context()).data, status=201)


TRANSITIONS = {"submit", "score", "accept", "return_", "reopen", "items", "item", "pdf"}


class AcceptanceReportViewSet(ScopedModelViewSet):
    """考核验收报告. Score rows at `items/` (PATCH `items/<rubric item id>/`); transitions `submit/` (union side),
    `score/` (assigned inspector), `accept/` and `return/` (an officer above the self-assessor; `comment` required to
    return), `reopen/` (the accepting level, `comment` required); the printable sheet at `pdf/`."""

    queryset = (
        AcceptanceReport.objects.select_related("organisation", "rubric")
        .prefetch_related("inspectors")
        .order_by("-year", "pk")
    )
    serializer_class = AcceptanceReportSerializer
    filterset_class = AcceptanceReportFilterSet

    def check_object_permissions(self, request, obj):
        if self.action in TRANSITIONS:
            return  # the services decide who may act, and say so
        super().check_object_permissions(request, obj)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        inspectors = data.pop("inspectors", None)
        instance = AcceptanceReport(**data)
        serializer.instance = acting(
            lambda: services.report_create(actor=self.request.user, instance=instance, inspectors=inspectors)
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        inspectors = data.pop("inspectors", None)
        instance = serializer.instance
        for key, value in data.items():
            setattr(instance, key, value)
        serializer.instance = acting(
            lambda: services.report_update(actor=self.request.user, instance=instance, inspectors=inspectors)
        )

    def _answer(self, report):
        report = self.queryset.get(pk=report.pk)
        return Response(AcceptanceReportSerializer(report, context=self.get_serializer_context()).data)

    @extend_schema(responses=ReportItemSerializer(many=True))
    @action(detail=True, methods=["get"])
    def items(self, request, pk=None):
        report = self.get_object()
        rows = report.items.select_related("item").prefetch_related("evidence")
        return Response(ReportItemSerializer(rows, many=True).data)

    @extend_schema(
        request=ReportItemWriteSerializer,
        responses=ReportItemSerializer,
        parameters=[OpenApiParameter("item_id", int, OpenApiParameter.PATH, description="The rubric item's id.")],
    )
    @action(detail=True, methods=["patch"], url_path=r"items/(?P<item_id>[^/.]+)")
    def item(self, request, pk=None, item_id=None):
        report = self.get_object()
        payload = ReportItemWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        item = RubricItem.objects.filter(pk=item_id).first() if str(item_id).isdigit() else None
        if item is None or item.rubric_id != report.rubric_id:
            raise exceptions.ValidationError({"item": [_("该条目不属于本报告所用的验收标准。")]})
        row = acting(
            lambda: services.report_item_save(
                actor=request.user, report=report, item=item, data=dict(payload.validated_data)
            )
        )
        return Response(ReportItemSerializer(row).data)

    def _transition(self, request, service, **extra):
        report = self.get_object()
        acting(lambda: service(actor=request.user, report=report, **extra))
        return self._answer(report)

    @extend_schema(request=None, responses=AcceptanceReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, services.report_submit)

    @extend_schema(request=None, responses=AcceptanceReportSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        return self._transition(request, services.report_score)

    @extend_schema(request=CommentSerializer, responses=AcceptanceReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._transition(request, services.report_accept, comment=request.data.get("comment", ""))

    @extend_schema(request=CommentSerializer, responses=AcceptanceReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._transition(request, services.report_return, comment=request.data.get("comment", ""))

    @extend_schema(request=CommentSerializer, responses=AcceptanceReportSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(request, services.report_reopen, comment=request.data.get("comment", ""))

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        report = self.get_object()
        from ..acceptance_pdf import report_pdf, report_pdf_name

        response = HttpResponse(report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, report_pdf_name(report))
        return response


class InspectionPlanViewSet(ScopedModelViewSet):
    """检查计划 (year, organising union, rubric, period)."""

    queryset = InspectionPlan.objects.select_related("organisation", "rubric")
    serializer_class = InspectionPlanSerializer
    filterset_class = InspectionPlanFilterSet
    create_service = record_create
    update_service = record_update


class InspectionViewSet(ScopedModelViewSet):
    """Inspections of named unions under a plan, each assigned to inspectors whose read scope covers the union."""

    queryset = Inspection.objects.select_related("organisation", "plan").prefetch_related("inspectors")
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet

    def _save(self, serializer, service=None):
        data = dict(serializer.validated_data)
        inspectors = data.pop("inspectors", None)
        instance = serializer.instance or Inspection()
        for key, value in data.items():
            setattr(instance, key, value)
        serializer.instance = acting(
            lambda: services.inspection_save(actor=self.request.user, instance=instance, inspectors=inspectors)
        )

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)


class FindingViewSet(AttachmentsMixin, ScopedModelViewSet):
    """Findings on site, by the inspectors assigned to the inspection; photos at `files/`."""

    attachment_model = FindingPhoto
    attachment_parent = "finding"
    attachment_kinds = (IMAGE,)
    queryset = Finding.objects.select_related("inspection").prefetch_related("photos")
    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    create_service = services.finding_save
    update_service = services.finding_save


class RectificationViewSet(AttachmentsMixin, ScopedModelViewSet):
    """整改事项: opened by the assigned inspectors; `answer/` by the union (evidence at `files/`), `verify/` or
    `reopen/` (a note required) by the inspectors."""

    attachment_model = RectificationEvidence
    attachment_parent = "rectification"
    attachment_kinds = (IMAGE, PDF)
    queryset = Rectification.objects.select_related("organisation", "finding").prefetch_related("evidence")
    serializer_class = RectificationSerializer
    filterset_class = RectificationFilterSet
    create_service = services.rectification_save
    update_service = services.rectification_save

    def check_object_permissions(self, request, obj):
        if self.action in ("answer", "verify", "reopen"):
            return
        super().check_object_permissions(request, obj)

    def _done(self, rectification):
        fresh = self.queryset.get(pk=rectification.pk)
        return Response(RectificationSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=AnswerSerializer, responses=RectificationSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        item = self.get_object()
        acting(lambda: services.rectification_answer(actor=request.user, rectification=item,
                                                     answer=request.data.get("answer", "")))  # fmt: skip
        return self._done(item)

    @extend_schema(request=VerifySerializer, responses=RectificationSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        item = self.get_object()
        acting(lambda: services.rectification_verify(actor=request.user, rectification=item, accepted=True,
                                                     note=request.data.get("note", "")))  # fmt: skip
        return self._done(item)

    @extend_schema(request=VerifySerializer, responses=RectificationSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        item = self.get_object()
        acting(lambda: services.rectification_verify(actor=request.user, rectification=item, accepted=False,
                                                     note=request.data.get("note", "")))  # fmt: skip
        return self._done(item)
