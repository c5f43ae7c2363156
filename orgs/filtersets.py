import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import PortalFilterSet, choice_filter
from core.scope import VIEW

from .choices import Industry, Level, Ownership, RegionType, Status
from .models import Organisation
from .widgets import OrganisationPicker


def _nodes(request):
    if request is None:
        return Organisation.objects.none()
    return Organisation.objects.restrict(request.user, VIEW)


MISSING_CHOICES = [
    ("credit_code", _("统一社会信用代码")),
    ("industry", _("行业门类")),
    ("ownership", _("经济类型")),
    ("contact_phone", _("联系电话")),
]


class OrganisationFilterSet(PortalFilterSet):
    search_fields = ("name", "short_name", "credit_code", "division_code")

    level = choice_filter(Level.choices, _("层级"), checkboxes=True)
    status = choice_filter(Status.choices, _("状态"), checkboxes=True)
    within = django_filters.ModelChoiceFilter(
        queryset=_nodes,
        method="filter_within",
        label=_("所属范围（含全部下级）"),
        widget=OrganisationPicker(parents_only=True),
    )
    parent = django_filters.ModelChoiceFilter(
        queryset=_nodes, label=_("上级组织（仅直属下级）"), widget=OrganisationPicker(parents_only=True)
    )
    industry = choice_filter(Industry.choices, _("行业门类"))
    ownership = choice_filter(Ownership.choices, _("经济类型"))
    region_type = choice_filter(RegionType.choices, _("地区类型"), checkboxes=True)
    missing = choice_filter(MISSING_CHOICES, _("缺少信息"), checkboxes=True, method="filter_missing")

    class Meta:
        model = Organisation
        fields = [
            "q", "search", "level", "status", "within", "parent", "industry", "ownership", "region_type", "missing",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.INT)  # an organisation id; tells the OpenAPI schema (check --deploy W001)
    def filter_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(tree_id=value.tree_id, lft__gte=value.lft, lft__lte=value.rght)

    def filter_missing(self, queryset, name, value):
        for field in value or ():
            if field in dict(MISSING_CHOICES):
                queryset = queryset.filter(**{field: ""})
        return queryset
