from django.urls import include, path

from core.views import ModelViews

from . import views
from .filtersets import CadreAppraisalFilterSet, CadreFilterSet, ContactAssignmentFilterSet, ContactLogFilterSet
from .forms import CadreAppraisalForm, CadreForm, ContactAssignmentForm, ContactLogForm, ScoreFormSet, TrainingFormSet
from .models import Cadre, CadreAppraisal, ContactAssignment, ContactLog
from .resources import CadreAppraisalResource, CadreResource, ContactAssignmentResource, ContactLogResource
from .services import appraisal_create, appraisal_update
from .tables import CadreAppraisalTable, CadreTable, ContactAssignmentTable, ContactLogTable

app_name = "cadres"

cadres = ModelViews(
    Cadre.objects.select_related("organisation__parent"),
    filterset=CadreFilterSet,
    table=CadreTable,
    form_class=CadreForm,
    resource=CadreResource,
    inlines=(TrainingFormSet,),
    detail_template="cadres/cadre_detail.html",
    detail_fields=(
        "organisation",
        "name",
        "gender",
        "ethnicity",
        "post",
        "employment",
        "selection",
        "appointed_on",
        "left_on",
        (lambda cadre: cadre.phone_shown, Cadre._meta.get_field("phone").verbose_name),
        "note",
    ),  # fmt: skip
    list=views.CadreListView,
    detail=views.CadreDetailView,
    history=views.CadreHistoryView,
)

appraisals = ModelViews(
    CadreAppraisal.objects.select_related("cadre__organisation__parent", "appraised_by"),
    filterset=CadreAppraisalFilterSet,
    table=CadreAppraisalTable,
    form_class=CadreAppraisalForm,
    resource=CadreAppraisalResource,
    create_service=appraisal_create,
    update_service=appraisal_update,
    inlines=(ScoreFormSet,),
    detail_template="cadres/appraisal_detail.html",
    detail_fields=(
        "cadre",
        (lambda a: a.cadre.organisation, Cadre._meta.get_field("organisation").verbose_name),
        "year",
        "total",
        "grade",
        "grade_override",
        "override_reason",
        "appraised_by",
        "appraised_on",
        "comment",
    ),  # fmt: skip
    detail=views.AppraisalDetailView,
    edit=views.AppraisalEditView,
)

assignments = ModelViews(
    ContactAssignment.objects.select_related("cadre__organisation", "union__parent"),
    filterset=ContactAssignmentFilterSet,
    table=ContactAssignmentTable,
    form_class=ContactAssignmentForm,
    resource=ContactAssignmentResource,
    detail_fields=(
        "cadre",
        (lambda a: a.cadre.organisation, Cadre._meta.get_field("organisation").verbose_name),
        "union",
        "start_on",
        "end_on",
        "note",
    ),  # fmt: skip
)

logs = ModelViews(
    ContactLog.objects.select_related("cadre__organisation", "union__parent"),
    filterset=ContactLogFilterSet,
    table=ContactLogTable,
    form_class=ContactLogForm,
    resource=ContactLogResource,
    detail_fields=("date", "cadre", "union", "way", "workers_reached", "issues", "follow_up"),
)

urlpatterns = [
    path("appraisals/", include(appraisals.urls())),
    path("contacts/", include(assignments.urls())),
    path("contact-logs/", include(logs.urls())),
    path("", include(cadres.urls())),
]
