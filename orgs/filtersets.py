import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import FigureFilterMixin, PortalFilterSet, choice_filter
from core.scope import VIEW, subtree_q
from core.widgets import RecordPicker

from .choices import Industry, Level, Ownership, RegionClass, RegionType, Status
from .models import Organisation


def _nodes(request):
    if request is None:
        return Organisation.objects.none()
    return Organisation.objects.restrict(request.user, VIEW)


@extend_schema_field(OpenApiTypes.INT)  # an organisation id (the schema cannot guess it from a callable queryset)
class SubtreeFilter(django_filters.ModelChoiceFilter):
    """`within=<organisation id>`: rows whose organisation, reached by `path` ("" for organisations
    themselves, "station__host__" for a station's records), lies in that organisation's subtree, itself
    included. Choices are the user's read scope; one definition for every app's lists and API."""

    def __init__(self, path="", **kwargs):
        self.path = path
        kwargs.setdefault("queryset", _nodes)
        kwargs.setdefault("label", _("所属范围（含全部下级）"))
        kwargs.setdefault("widget", RecordPicker(Organisation, scope="view", parents=True))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(subtree_q(self.path, [value]))


MISSING_CHOICES = [
    ("credit_code", _("统一社会信用代码")),
    ("industry", _("行业门类")),
    ("ownership", _("经济类型")),
    ("contact_phone", _("联系电话")),
]


class OrganisationFilterSet(FigureFilterMixin, PortalFilterSet):
    search_fields = ("name", "short_name", "credit_code", "division_code")

    level = choice_filter(Level.choices, _("层级"), checkboxes=True)
    status = choice_filter(Status.choices, _("状态"), checkboxes=True)
    within = SubtreeFilter()
    parent = django_filters.ModelChoiceFilter(
        queryset=_nodes,
        label=_("上级组织（仅直属下级）"),
        widget=RecordPicker(Organisation, scope="view", parents=True),
    )
    industry = choice_filter(Industry.choices, _("行业门类"))
    ownership = choice_filter(Ownership.choices, _("经济类型"))
    region_type = choice_filter(RegionType.choices, _("地区类型"), checkboxes=True)
    region_class = choice_filter(RegionClass.choices, _("地区类别"), checkboxes=True)
    missing = choice_filter(MISSING_CHOICES, _("缺少信息"), checkboxes=True, method="filter_missing")

    class Meta:
        model = Organisation
        fields = [
            "q", "search", "level", "status", "within", "parent", "industry", "ownership", "region_type", "region_class",
            "missing", "figure",
        ]  # fmt: skip

    def filter_missing(self, queryset, name, value):
        for field in value or ():
            if field in dict(MISSING_CHOICES):
                queryset = queryset.filter(**{field: ""})
        return queryset
