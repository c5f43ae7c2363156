from core.uploads import IMAGE
from core.views import ModelViews

from .filtersets import ActivityFilterSet
from .forms import ActivityForm
from .models import ActivityPhoto
from .resources import ActivityResource
from .tables import ActivityTable
from .views import ActivityDetailView, activities

app_name = "activities"

views = ModelViews(
    activities,
    filterset=ActivityFilterSet,
    table=ActivityTable,
    form_class=ActivityForm,
    resource=ActivityResource,
    detail=ActivityDetailView,
    detail_template="activities/activity_detail.html",
    detail_fields=(
        "title",
        "date",
        "category",
        "organisation",
        "station",
        "home",
        "participants",
        "description",
    ),  # fmt: skip
    attachment_model=ActivityPhoto,
    attachment_parent="activity",
    attachment_kinds=(IMAGE,),
)

urlpatterns = [*views.urls()]
