from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.scope import CHANGE, can
from core.services import record_delete
from core.views import ObjectDetailView, ScopedObjectMixin

from .choices import ServiceCategory
from .forms import QuickRecordForm
from .models import ServiceRecord, ServiceStation, StationPhoto
from .selectors import monthly_totals
from .services import service_record_create
from .tiers import assess


class ServiceStationDetailView(ObjectDetailView):
    """A station's page: its record, services, contacts, photos, tier with what keeps it from the next one,
    monthly ledger totals, the latest ledger lines and the quick entry form."""

    def get_extra_context(self, obj):
        reviews = list(obj.reviews.order_by("-year"))
        latest = reviews[0] if reviews else None
        order = [value for value, _label in ServiceCategory.choices]
        services = sorted(obj.services.all(), key=lambda service: order.index(service.category))
        categories = {service.category for service in services}
        can_change = can(self.request.user, obj, CHANGE)
        quick_form = None
        if can_change and obj.is_active:
            quick_form = QuickRecordForm(
                initial={"station": obj.pk, "date": timezone.localdate()}, user=self.request.user
            )
        return {
            "services": services,
            "contacts": obj.contacts.all(),
            "photos": obj.photos.all(),
            "reviews": reviews,
            "latest_review": latest,
            "assessment": assess(obj, latest, categories=categories) if latest else None,
            "totals": monthly_totals(obj),
            "recent_records": obj.records.prefetch_related("unions")[:10],
            "quick_form": quick_form,
            "this_year": timezone.localdate().year,
            "review_missing": obj.is_active and not any(r.year == timezone.localdate().year for r in reviews),
        }


class StationReviewDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        return {"assessment": assess(obj.station, obj), "checklist": obj.checklist()}


class QuickRecordView(ScopedObjectMixin, View):
    """The compact ledger entry posted from a station's page; back to the page when saved, or to the full
    form with the reasons when not."""

    queryset = ServiceStation.objects.select_related("host")

    def post(self, request, pk):
        station = self.get_object(CHANGE)
        data = request.POST.copy()
        data["station"] = str(station.pk)
        form = QuickRecordForm(data, instance=ServiceRecord(station=station), user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    record = form.save(commit=False)
                    service_record_create(
                        actor=request.user, instance=record, unions=form.cleaned_data.get("unions") or []
                    )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("超出您的管理范围。"))
            else:
                messages.success(request, _("已登记服务台账：%(record)s。") % {"record": record})
                return redirect(station.get_absolute_url() + "#ledger")
        return render(
            request,
            "stations/quick_record.html",
            {"form": form, "station": station, "model": ServiceRecord},
            status=200,
        )


class StationPhotoDeleteView(ScopedObjectMixin, View):
    """Removes one photo from a station (history keeps the row); only for those who may change the station."""

    queryset = StationPhoto.objects.select_related("station")

    def post(self, request, pk):
        photo = self.get_object(CHANGE)
        station = photo.station
        record_delete(actor=request.user, instance=photo)
        messages.success(request, _("已删除照片“%(photo)s”。") % {"photo": photo})
        return redirect(station.get_absolute_url())
