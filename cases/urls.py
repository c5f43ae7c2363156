from django.urls import path

from core.views import ModelViews

from . import views
from .filtersets import CaseFilterSet
from .forms import CaseForm, CasePhotoFormSet
from .resources import CaseResource
from .services import case_create, case_update
from .tables import CaseTable

app_name = "cases"

cases = ModelViews(
    views.cases,
    filterset=CaseFilterSet,
    table=CaseTable,
    form_class=CaseForm,
    resource=CaseResource,
    importable=False,
    create_service=case_create,
    update_service=case_update,
    list=views.CaseListView,
    detail=views.CaseDetailView,
    detail_template="cases/case_detail.html",
    inlines=(CasePhotoFormSet,),
)

urlpatterns = [
    path("<int:pk>/act/<str:action>/", views.CaseActionView.as_view(), name="case_action"),
    *cases.urls(),
]
