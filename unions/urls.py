from django.urls import include, path

from core.views import ModelViews

from . import views
from .filtersets import (
    AnnualReturnFilterSet,
    RegistrationFilterSet,
    ReturnPeriodFilterSet,
    SixHasItemFilterSet,
    UnorganisedEmployerFilterSet,
)
from .forms import (
    AnnualReturnForm,
    CoveredEmployerFormSet,
    RegistrationForm,
    SixHasItemForm,
    UnorganisedEmployerForm,
)
from .models import AnnualReturn, Registration, ReturnPeriod, SixHasEvidence, SixHasItem, UnorganisedEmployer
from .resources import (
    AnnualReturnResource,
    RegistrationResource,
    ReturnPeriodResource,
    SixHasItemResource,
    UnorganisedEmployerResource,
)
from .services import annual_return_save
from .tables import (
    AnnualReturnTable,
    RegistrationTable,
    ReturnPeriodTable,
    SixHasItemTable,
    UnorganisedEmployerTable,
)

app_name = "unions"

registrations = ModelViews(
    Registration.objects.select_related("organisation").prefetch_related(
        "organisation__parent__parent__parent__parent", "covered_employers"
    ),
    filterset=RegistrationFilterSet,
    table=RegistrationTable,
    form_class=RegistrationForm,
    resource=RegistrationResource,
    inlines=[CoveredEmployerFormSet],
    detail=views.RegistrationDetailView,
    edit=views.RegistrationEditView,
    detail_template="unions/registration_detail.html",
)

six_has_items = ModelViews(
    SixHasItem.objects.select_related("organisation", "assessed_by").prefetch_related(
        "organisation__parent__parent__parent__parent"
    ),
    filterset=SixHasItemFilterSet,
    table=SixHasItemTable,
    form_class=SixHasItemForm,
    resource=SixHasItemResource,
    attachment_model=SixHasEvidence,
    attachment_parent="item",
    detail_template="unions/sixhasitem_detail.html",
    detail_fields=("organisation", "item", "state", "note", "assessed_by", "assessed_on"),
)

annual_returns = ModelViews(
    AnnualReturn.objects.select_related("organisation", "period").prefetch_related(
        "organisation__parent__parent__parent__parent"
    ),
    filterset=AnnualReturnFilterSet,
    table=AnnualReturnTable,
    form_class=AnnualReturnForm,
    resource=AnnualReturnResource,
    create_service=annual_return_save,
    update_service=annual_return_save,
    edit=views.AnnualReturnEditView,
    detail=views.AnnualReturnDetailView,
    detail_template="unions/annualreturn_detail.html",
    detail_fields=(
        "organisation",
        "year",
        "employees",
        "members",
        "female_members",
        "migrant_members",
        "new_forms_members",
        "funds_committee",
        "women_committee",
        "six_has_met",
        "note",
    ),  # fmt: skip
)

periods = ModelViews(
    ReturnPeriod.objects.select_related("unit", "submitted_by", "decided_by").prefetch_related(
        "unit__parent__parent__parent__parent"
    ),
    filterset=ReturnPeriodFilterSet,
    table=ReturnPeriodTable,
    resource=ReturnPeriodResource,
    importable=False,
    detail=views.PeriodDetailView,
    detail_template="unions/returnperiod_detail.html",
)

unorganised = ModelViews(
    UnorganisedEmployer.objects.select_related("area", "union"),
    filterset=UnorganisedEmployerFilterSet,
    table=UnorganisedEmployerTable,
    form_class=UnorganisedEmployerForm,
    resource=UnorganisedEmployerResource,
    detail_template="unions/unorganisedemployer_detail.html",
    detail_fields=(
        "area",
        "name",
        "credit_code",
        "employees",
        "industry",
        "ownership",
        "address",
        "contact_person",
        "contact_phone",
        "status",
        "status_on",
        "union",
        "note",
    ),  # fmt: skip
)

elections_due = views.ElectionsDueListView.as_view(
    queryset=registrations.list.queryset, filterset=RegistrationFilterSet, table=RegistrationTable,
    resource=RegistrationResource,
)  # fmt: skip

urlpatterns = [
    path("six-has/<int:pk>/", views.SixHasView.as_view(), name="six_has"),
    path("elections-due/", elections_due, name="elections_due"),
    path("completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("periods/<int:pk>/act/<str:action>/", views.PeriodActionView.as_view(), name="returnperiod_action"),
    path("registrations/", include(registrations.urls())),
    path("six-has-items/", include(six_has_items.urls())),
    path("returns/", include(annual_returns.urls())),
    path("periods/", include(periods.urls())),
    path("unorganised/", include(unorganised.urls())),
]
