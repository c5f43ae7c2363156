from django.urls import path

from core.urls_helpers import model_urls

from . import views
from .models import Organisation

app_name = "orgs"

urlpatterns = [
    path("tree/", views.OrganisationTreeView.as_view(), name="organisation_tree"),
    path("autocomplete/", views.OrganisationAutocompleteView.as_view(), name="organisation_autocomplete"),
    path("stats/", views.OrganisationStatsView.as_view(), name="organisation_stats"),
    path("<int:pk>/dissolve/", views.OrganisationDissolveView.as_view(), name="organisation_dissolve"),
    *model_urls(
        Organisation,
        list=views.OrganisationListView,
        add=views.OrganisationEditView,
        detail=views.OrganisationDetailView,
        edit=views.OrganisationEditView,
        history=views.OrganisationHistoryView,
        import_=views.OrganisationImportView,
    ),
]
