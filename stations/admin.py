from django.contrib import admin

from .models import TierRule


@admin.register(TierRule)
class TierRuleAdmin(admin.ModelAdmin):
    """The province may adopt its own station standard: the tier thresholds are edited here, not in code."""

    list_display = ("tier", "min_checklist_items", "min_services", "min_floor_area")
    list_editable = ("min_checklist_items", "min_services", "min_floor_area")
