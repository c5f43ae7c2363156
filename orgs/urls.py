from django.urls import path

from core.views import AutocompleteView, ModelViews

from . import views
from .filtersets import OrganisationFilterSet
from .forms import OrganisationForm
from .models import Organisation
from .resources import OrganisationResource
from .services import organisation_create, organisation_update
from .tables import OrganisationTable

app_name = "orgs"

organisations = ModelViews(
    Organisation.objects.with_path(),
    filterset=OrganisationFilterSet,
    table=OrganisationTable,
    form_class=OrganisationForm,
    resource=OrganisationResource,
    create_service=organisation_create,
    update_service=organisation_update,
    list=views.OrganisationListView,
    detail=views.OrganisationDetailView,
    detail_template="orgs/organisation_detail.html",
    actions={"dissolve": views.OrganisationDissolveView},
)

urlpatterns = [
    path("tree/", views.OrganisationTreeView.as_view(), name="organisation_tree"),
    # The organisation picker's search, kept at its old address: the one autocomplete view (core).
    path(
        "autocomplete/",
        AutocompleteView.as_view(),
        {"label": "orgs.organisation"},
        name="organisation_autocomplete",
    ),
    path("stats/", views.OrganisationStatsView.as_view(), name="organisation_stats"),
    *organisations.urls(),
]
