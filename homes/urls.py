from django.utils.translation import gettext_lazy as _

from core.uploads import IMAGE
from core.views import ModelViews

from .filtersets import WorkersHomeFilterSet
from .forms import FacilityFormSet, HonourFormSet, RatingFormSet, WorkersHomeForm
from .models import HomePhoto
from .resources import WorkersHomeResource
from .tables import WorkersHomeTable
from .views import WorkersHomeDetailView, homes

app_name = "homes"

views = ModelViews(
    homes,
    filterset=WorkersHomeFilterSet,
    table=WorkersHomeTable,
    form_class=WorkersHomeForm,
    resource=WorkersHomeResource,
    detail=WorkersHomeDetailView,
    detail_template="homes/workershome_detail.html",
    detail_fields=(
        "organisation",
        "name",
        "status",
        "status_date",
        "address",
        ("coordinates_display", _("经纬度")),
        "note",
    ),
    inlines=(FacilityFormSet, HonourFormSet, RatingFormSet),
    attachment_model=HomePhoto,
    attachment_parent="home",
    attachment_kinds=(IMAGE,),
)

urlpatterns = [*views.urls()]
