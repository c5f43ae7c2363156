from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, CasePhoto


class CasePhotoInline(admin.TabularInline):
    model = CasePhoto
    fields = ("caption", "original_name", "content_type", "size", "uploaded_by", "created")
    readonly_fields = fields
    extra = 0


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "state", "published_at", "updated")
    list_filter = ("state",)
    search_fields = ("title", "summary", "body", "organisation__name")
    raw_id_fields = ("organisation", "unions", "stations", "homes")
    date_hierarchy = "created"
    inlines = (CasePhotoInline,)

    # Cases are written and published only through cases.services (the level above publishes, scope re-checked,
    # history and change events); the admin shows them, with their history, read-only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
