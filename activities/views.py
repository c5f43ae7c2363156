from core.views import ObjectDetailView

from .models import Activity

activities = Activity.objects.select_related("organisation", "station", "home")


class ActivityDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        return {"photos": list(obj.photos.all())}
