import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import PortalFilterSet, choice_filter
from orgs.choices import Industry, Ownership
from orgs.filtersets import SubtreeFilter

from .choices import EmployerStatus, Employment, ItemState, PeriodState, SixHas
from .models import (
    AnnualReturn,
    Registration,
    ReturnPeriod,
    SixHasItem,
    UnorganisedEmployer,
)

ELECTION_CHOICES = [("lapsed", _("已超期未换届")), ("soon", _("90天内到期")), ("due", _("到期或超期"))]
YES_NO = [("yes", _("是")), ("no", _("否"))]


class RegistrationFilterSet(PortalFilterSet):
    search_fields = ("organisation__name", "employer_name", "employer_credit_code", "chair_name")

    within = SubtreeFilter("organisation__")
    election = django_filters.ChoiceFilter(choices=ELECTION_CHOICES, method="filter_election", label=_("换届"))
    chair_kind = choice_filter(Employment.choices, _("主席任职方式"))
    is_joint = django_filters.BooleanFilter(label=_("联合基层工会"))
    employer_industry = choice_filter(Industry.choices, _("单位行业门类"))
    employer_ownership = choice_filter(Ownership.choices, _("单位经济类型"))
    six_has = django_filters.ChoiceFilter(
        choices=[("yes", _("六有达标")), ("no", _("未全部达标"))], method="filter_six_has", label=_("六有")
    )

    class Meta:
        model = Registration
        fields = ["q", "search", "within", "election", "six_has", "chair_kind", "is_joint", "employer_industry",
                  "employer_ownership"]  # fmt: skip

    def filter_election(self, queryset, name, value):
        return queryset.election(value)

    def filter_six_has(self, queryset, name, value):
        from .selectors import six_has_compliant_unions

        compliant = six_has_compliant_unions()
        if value == "yes":
            return queryset.filter(organisation__in=compliant)
        if value == "no":
            return queryset.exclude(organisation__in=compliant)
        return queryset


class SixHasItemFilterSet(PortalFilterSet):
    search_fields = ("organisation__name", "note")

    within = SubtreeFilter("organisation__")
    item = choice_filter(SixHas.choices, _("项目"))
    state = choice_filter(ItemState.choices, _("达标情况"), checkboxes=True)
    has_evidence = django_filters.BooleanFilter(method="filter_evidence", label=_("有佐证材料"))

    class Meta:
        model = SixHasItem
        fields = ["q", "search", "within", "item", "state", "has_evidence"]

    def filter_evidence(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(evidence__isnull=not value).distinct()


class AnnualReturnFilterSet(PortalFilterSet):
    search_fields = ("organisation__name",)

    within = SubtreeFilter("organisation__")
    year = django_filters.NumberFilter(label=_("年度"))
    state = choice_filter(PeriodState.choices, _("填报状态"), field_name="period__state")

    class Meta:
        model = AnnualReturn
        fields = ["q", "search", "within", "year", "state"]


class ReturnPeriodFilterSet(PortalFilterSet):
    search_fields = ("unit__name",)

    within = SubtreeFilter("unit__")
    year = django_filters.NumberFilter(label=_("年度"))
    state = choice_filter(PeriodState.choices, _("状态"), checkboxes=True)

    class Meta:
        model = ReturnPeriod
        fields = ["q", "search", "within", "year", "state"]


class UnorganisedEmployerFilterSet(PortalFilterSet):
    search_fields = ("name", "credit_code", "address")

    within = SubtreeFilter("area__")
    status = choice_filter(EmployerStatus.choices, _("进展"), checkboxes=True)
    industry = choice_filter(Industry.choices, _("行业门类"))
    min_employees = django_filters.NumberFilter(field_name="employees", lookup_expr="gte", label=_("职工人数不少于"))

    class Meta:
        model = UnorganisedEmployer
        fields = ["q", "search", "within", "status", "industry", "min_employees"]
