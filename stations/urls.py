from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.uploads import IMAGE
from core.views import ModelViews

from . import views
from .filtersets import ServiceRecordFilterSet, ServiceStationFilterSet, StationReviewFilterSet
from .forms import (
    ServiceRecordForm,
    ServiceStationForm,
    StationContactFormSet,
    StationReviewForm,
    StationServiceFormSet,
)
from .models import ServiceRecord, ServiceStation, StationPhoto, StationReview
from .resources import ServiceRecordResource, ServiceStationResource, StationReviewResource
from .services import service_record_create, service_record_update
from .tables import ServiceRecordTable, ServiceStationTable, StationReviewTable

app_name = "stations"

stations = ModelViews(
    ServiceStation.objects.select_related("host"),
    filterset=ServiceStationFilterSet,
    table=ServiceStationTable,
    form_class=ServiceStationForm,
    resource=ServiceStationResource,
    detail=views.ServiceStationDetailView,
    detail_template="stations/servicestation_detail.html",
    detail_fields=(
        "name",
        "host",
        "address",
        ("coordinates_display", _("经纬度")),
        "floor_area",
        ("hours_display", _("开放时间")),
        ("staff_display", _("工作人员")),
        "funding_source",
        "status",
        "status_changed_on",
        "notes",
    ),
    inlines=(StationServiceFormSet, StationContactFormSet),
    attachment_model=StationPhoto,
    attachment_parent="station",
    attachment_kinds=(IMAGE,),
)
reviews = ModelViews(
    StationReview.objects.select_related("station"),
    filterset=StationReviewFilterSet,
    table=StationReviewTable,
    form_class=StationReviewForm,
    resource=StationReviewResource,
    detail=views.StationReviewDetailView,
    detail_template="stations/stationreview_detail.html",
    detail_fields=("station", "year", "reviewed_on", "reviewer", "tier", "notes"),
)
records = ModelViews(
    ServiceRecord.objects.select_related("station"),
    filterset=ServiceRecordFilterSet,
    table=ServiceRecordTable,
    form_class=ServiceRecordForm,
    resource=ServiceRecordResource,
    create_service=service_record_create,
    update_service=service_record_update,
    detail_template="stations/servicerecord_detail.html",
    detail_fields=(
        "station",
        "date",
        "category",
        "workers_served",
        "unions",
        "description",
        "follow_up_needed",
        "follow_up_done",
        "follow_up_done_on",
    ),
)

urlpatterns = [
    path("reviews/", include(reviews.urls())),
    path("records/", include(records.urls())),
    path("photos/<int:pk>/delete/", views.StationPhotoDeleteView.as_view(), name="stationphoto_delete"),
    path("<int:pk>/quick-record/", views.QuickRecordView.as_view(), name="servicestation_quick_record"),
    *stations.urls(),
]
