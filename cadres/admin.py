from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AppraisalIndicator


@admin.register(AppraisalIndicator)
class AppraisalIndicatorAdmin(SimpleHistoryAdmin):
    """Indicators are configuration, changed by administrators; cadres and appraisals are entered in the portal."""

    list_display = ("name", "max_score", "order", "active")
    list_editable = ("max_score", "order", "active")
    ordering = ("order", "pk")

    def has_delete_permission(self, request, obj=None):
        # Scored indicators are kept for past appraisals; switch them off instead.
        return obj is None or not obj.scores.exists()
