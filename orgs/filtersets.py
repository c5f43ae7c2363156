import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import PortalFilterSet
from core.scope import VIEW

from .choices import PARENT_LEVELS, Industry, Level, Ownership, RegionType, Status
from .models import Organisation


def _nodes(request):
    if request is None:
        return Organisation.objects.none()
    return Organisation.objects.restrict(request.user, VIEW)


def node_choices(user):
    """The organisations that can hold others, indented by depth, for filter and form select boxes.
    Grassroots unions are left out: a large province has hundreds of thousands of them."""
    rows = (
        Organisation.objects.restrict(user, VIEW)
        .filter(level__in=PARENT_LEVELS)
        .order_by("tree_id", "lft")
        .values_list("pk", "name", "depth")
    )
    return [(pk, f"{'—' * depth} {name}".strip()) for pk, name, depth in rows]


class OrganisationFilterSet(PortalFilterSet):
    search_fields = ("name", "short_name", "credit_code", "division_code")

    level = django_filters.MultipleChoiceFilter(choices=Level.choices, label=_("层级"))
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("状态"))
    parent = django_filters.ModelChoiceFilter(queryset=_nodes, label=_("上级组织（仅直属下级）"))
    within = django_filters.ModelChoiceFilter(
        queryset=_nodes, method="filter_within", label=_("所属范围（含全部下级）")
    )
    industry = django_filters.MultipleChoiceFilter(choices=Industry.choices, label=_("行业门类"))
    ownership = django_filters.MultipleChoiceFilter(choices=Ownership.choices, label=_("经济类型"))
    region_type = django_filters.MultipleChoiceFilter(choices=RegionType.choices, label=_("地区类型"))

    class Meta:
        model = Organisation
        fields = ["q", "search", "level", "status", "within", "parent", "industry", "ownership", "region_type"]

    def filter_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(tree_id=value.tree_id, lft__gte=value.lft, lft__lte=value.rght)

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_choices_limited", False):
            user = getattr(self.request, "user", None)
            choices = [("", "---------")] + node_choices(user)
            for field in ("within", "parent"):
                # Validation still takes any organisation in scope (the API filters by grassroots ids too).
                form.fields[field].widget.choices = choices
            form._choices_limited = True
        return form
