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
    """`GET /api/v1/figures/?organisation=<id>&year=<y>[&by=children|<group set code>]`: the figures of an
    organisation's subtree (with `target` where a plan sets one), one row per child organisation, or one row per
    group of a group set. Read from the maintained rollups. An organisation outside the read scope is 404."""

    schema = OneAnswerSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", OpenApiTypes.INT, required=True, description="organisation id"),
            OpenApiParameter("year", OpenApiTypes.INT, description="year (default: this year)"),
            OpenApiParameter(
                "by",
                OpenApiTypes.STR,
                description="`children`: one row per child organisation; a group set's code (e.g. region_class, "
                "industry, ownership, size_band, industry_union): one row per group of the set",
            ),
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
        from groups.models import GroupSet

        by = str(params.get("by", "")).strip()
        group_set = None
        if by not in ("", "children"):
            group_set = GroupSet.objects.filter(code=by).prefetch_related("groups").first()
            if group_set is None:
                codes = "、".join(GroupSet.objects.values_list("code", flat=True))
                raise exceptions.ValidationError(
                    {"by": [_("by 只能为 children 或分组集代码（%(codes)s）。") % {"codes": codes}]}
                )
        org = selectors.organisation_in_scope(request.user, params["organisation"])
        if org is None:
            raise exceptions.NotFound()
        if by == "children":
            results = selectors.children_figures(org, year)
            for row in results:
                row.pop("child")
        elif group_set is not None:
            results = selectors.group_set_figures(org, year, group_set)
        else:
            results = selectors.organisation_figures(org, year, targets=True)
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
