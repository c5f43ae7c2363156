import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.filters import FigureFilterMixin, LocatedFilterMixin, PortalFilterSet, choice_filter
from orgs.filtersets import SubtreeFilter

from .choices import BOOKROOM_VOLUME_THRESHOLD, FacilityKind, Function, HomeStatus
from .models import Facility, WorkersHome

YES_NO = [("yes", _("是")), ("no", _("否"))]


def provides(code):
    return Exists(Facility.objects.filter(home=OuterRef("pk"), **{code: True}))


class WorkersHomeFilterSet(LocatedFilterMixin, FigureFilterMixin, PortalFilterSet):
    search_fields = ("name", "organisation__name")

    status = choice_filter(HomeStatus.choices, _("状态"), checkboxes=True)
    within = SubtreeFilter("organisation__")
    standard = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_standard", label=_("六位一体达标"), empty_label=_("全部")
    )
    missing = choice_filter(Function.choices, _("缺少功能"), checkboxes=True, method="filter_missing")
    facility = choice_filter(FacilityKind.choices, _("有阵地"), method="filter_facility")
    bookroom = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_bookroom", label=_("职工书屋达标"), empty_label=_("全部")
    )
    bookroom_volumes = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_volumes", label=_("书屋藏书达 3000 册"), empty_label=_("全部")
    )

    class Meta:
        model = WorkersHome
        fields = [
            "q", "search", "status", "within", "standard", "missing", "facility", "bookroom", "bookroom_volumes",
            "located", "figure",
        ]  # fmt: skip

    def filter_standard(self, queryset, name, value):
        # The one definition (homes.selectors): only homes in use count, for and against the standard.
        from .selectors import homes_in_use, standard_homes

        if value == "yes":
            return standard_homes(queryset)
        if value == "no":
            return homes_in_use(queryset).exclude(pk__in=standard_homes(queryset).values("pk"))
        return queryset

    def filter_bookroom(self, queryset, name, value):
        from .selectors import bookroom_standard_q

        if value == "yes":
            return queryset.filter(bookroom_standard_q())
        if value == "no":
            has_room = Exists(Facility.objects.filter(home=OuterRef("pk"), kind=FacilityKind.BOOKROOM))
            return queryset.filter(has_room).exclude(bookroom_standard_q())
        return queryset

    def filter_missing(self, queryset, name, value):
        for code in value or ():
            queryset = queryset.filter(~provides(code))
        return queryset

    def filter_facility(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(Facility.objects.filter(home=OuterRef("pk"), kind__in=value)))

    def filter_volumes(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(book_volumes__gte=BOOKROOM_VOLUME_THRESHOLD)
        if value == "no":
            return queryset.exclude(book_volumes__gte=BOOKROOM_VOLUME_THRESHOLD)
        return queryset
