from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from .. import selectors
from .serializers import FiguresSerializer


class OneAnswerSchema(AutoSchema):
    """The figures "list" answers one object (the organisation and its figures), not a list of records."""

    def _is_list_view(self, serializer=None):
        return False


class FiguresViewSet(viewsets.ViewSet):
    """`GET /api/v1/figures/?organisation=<id>&year=<y>[&by=children]`: the figures of an organisation's subtree,
    or one row per child organisation. An organisation outside the caller's read scope is 404."""

    schema = OneAnswerSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", OpenApiTypes.INT, required=True, description="organisation id"),
            OpenApiParameter("year", OpenApiTypes.INT, description="year (default: this year)"),
            OpenApiParameter("by", OpenApiTypes.STR, enum=["children"], description="one row per child organisation"),
        ],
        responses=FiguresSerializer,
    )
    def list(self, request):
        params = request.query_params
        if not params.get("organisation"):
            raise exceptions.ValidationError({"organisation": [_("请指定组织（organisation=组织编号）。")]})
        try:
            year = selectors.parse_year(params.get("year"))
        except ValidationError as exc:
            raise exceptions.ValidationError({"year": exc.messages}) from exc
        by = params.get("by", "")
        if by not in ("", "children"):
            raise exceptions.ValidationError({"by": [_("by 只能为 children。")]})
        org = selectors.organisation_in_scope(request.user, params["organisation"])
        if org is None:
            raise exceptions.NotFound()
        if by == "children":
            results = selectors.children_figures(org, year)
            for row in results:
                row.pop("child")
        else:
            results = selectors.organisation_figures(org, year)
        return Response(
            {
                "organisation": org.pk,
                "name": org.name,
                "year": year,
                "by": by,
                "count": len(results),
                "results": results,
            }
        )
