import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import PortalFilterSet, choice_filter
from core.scope import VIEW
from core.widgets import RecordPicker
from orgs.filtersets import SubtreeFilter
from orgs.models import Organisation

from .choices import ContactWay, Employment, Ethnicity, Gender, Grade, Post, Selection
from .models import Cadre, CadreAppraisal, CadreTraining, ContactAssignment, ContactLog


def _nodes(request):
    if request is None:
        return Organisation.objects.none()
    return Organisation.objects.restrict(request.user, VIEW)


YES_NO = [("yes", _("是")), ("no", _("否"))]
CURRENT_CHOICES = [("1", _("现任")), ("0", _("已离任"))]


class CadreFilterSet(PortalFilterSet):
    search_fields = ("name",)
    within = SubtreeFilter("organisation__")

    organisation = django_filters.ModelChoiceFilter(
        queryset=_nodes, label=_("所在工会（仅本级）"), widget=RecordPicker(Organisation, scope="view")
    )
    current = django_filters.ChoiceFilter(choices=CURRENT_CHOICES, method="filter_current", label=_("在任情况"))
    post = choice_filter(Post.choices, _("职务"), checkboxes=True)
    employment = choice_filter(Employment.choices, _("任职类型"), checkboxes=True)
    selection = choice_filter(Selection.choices, _("产生方式"), checkboxes=True)
    gender = choice_filter(Gender.choices, _("性别"), checkboxes=True)
    ethnicity = choice_filter(Ethnicity.choices, _("民族"))
    trained = django_filters.ChoiceFilter(choices=YES_NO, method="filter_trained", label=_("参加过培训"))

    class Meta:
        model = Cadre
        fields = [
            "q", "search", "within", "organisation", "current", "post", "employment", "selection", "gender",
            "ethnicity", "trained",
        ]  # fmt: skip

    def filter_current(self, queryset, name, value):
        if value == "1":
            return queryset.filter(left_on__isnull=True)
        if value == "0":
            return queryset.filter(left_on__isnull=False)
        return queryset

    def filter_trained(self, queryset, name, value):
        trained = Exists(CadreTraining.objects.filter(cadre=OuterRef("pk")))
        if value == "yes":
            return queryset.filter(trained)
        if value == "no":
            return queryset.filter(~trained)
        return queryset


class CadreAppraisalFilterSet(PortalFilterSet):
    search_fields = ("cadre__name",)
    within = SubtreeFilter("cadre__organisation__")

    year = django_filters.NumberFilter(label=_("考核年度"))
    grade = choice_filter(Grade.choices, _("考核等次"), checkboxes=True)
    organisation = django_filters.ModelChoiceFilter(
        field_name="cadre__organisation",
        queryset=_nodes,
        label=_("所在工会（仅本级）"),
        widget=RecordPicker(Organisation, scope="view"),
    )
    cadre = django_filters.NumberFilter(field_name="cadre_id", label=_("干部编号"), widget=forms.HiddenInput)

    class Meta:
        model = CadreAppraisal
        fields = ["q", "search", "year", "grade", "within", "organisation", "cadre"]


class ContactAssignmentFilterSet(PortalFilterSet):
    search_fields = ("cadre__name", "union__name")
    within = SubtreeFilter("union__")

    union = django_filters.ModelChoiceFilter(
        queryset=_nodes, label=_("联系的基层工会"), widget=RecordPicker(Organisation, scope="view")
    )
    cadre = django_filters.NumberFilter(field_name="cadre_id", label=_("干部编号"), widget=forms.HiddenInput)
    current = django_filters.ChoiceFilter(choices=YES_NO, method="filter_current", label=_("当前有效"))

    class Meta:
        model = ContactAssignment
        fields = ["q", "search", "within", "union", "cadre", "current"]

    def filter_current(self, queryset, name, value):
        today = timezone.localdate()
        active = Q(start_on__lte=today) & (Q(end_on__isnull=True) | Q(end_on__gte=today))
        if value == "yes":
            return queryset.filter(active)
        if value == "no":
            return queryset.exclude(active)
        return queryset


class ContactLogFilterSet(PortalFilterSet):
    search_fields = ("cadre__name", "union__name", "issues")
    within = SubtreeFilter("union__")

    union = django_filters.ModelChoiceFilter(
        queryset=_nodes, label=_("联系的基层工会"), widget=RecordPicker(Organisation, scope="view")
    )
    cadre = django_filters.NumberFilter(field_name="cadre_id", label=_("干部编号"), widget=forms.HiddenInput)
    way = choice_filter(ContactWay.choices, _("联系方式"), checkboxes=True)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("联系日期自"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("联系日期至"))

    class Meta:
        model = ContactLog
        fields = ["q", "search", "within", "union", "cadre", "way", "date_from", "date_to"]
