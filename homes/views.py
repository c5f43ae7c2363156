from core.views import ObjectDetailView
from orgs.models import PATH_RELATED

from .choices import BOOKROOM_VOLUME_THRESHOLD, SATISFACTION_BAR
from .models import WorkersHome

homes = WorkersHome.objects.select_related("organisation").prefetch_related(
    "facilities", f"organisation__{PATH_RELATED}"
)


class WorkersHomeDetailView(ObjectDetailView):
    """The home's page: which of the six functions each facility provides and which are missing, the
    bookroom against its threshold, honours, the members' ratings against the 90 % bar, photos."""

    def get_extra_context(self, obj):
        coverage = obj.function_coverage()
        return {
            "coverage": coverage,
            "missing": [label for _code, label, providers in coverage if not providers],
            "facilities": obj.loaded_facilities(),
            "bookroom": obj.bookroom(),
            "volume_threshold": BOOKROOM_VOLUME_THRESHOLD,
            "honours": list(obj.honours.all()),
            "ratings": list(obj.ratings.all()),
            "satisfaction_bar": SATISFACTION_BAR,
            "photos": list(obj.photos.all()),
        }
