from django.contrib import admin
from mptt.admin import MPTTModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, Role


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin, MPTTModelAdmin):
    list_display = ("name", "level", "status", "division_code", "credit_code")
    list_filter = ("level", "status")
    search_fields = ("name", "credit_code", "division_code")
    raw_id_fields = ("parent", "merged_into")

    # Organisations are written only through the portal's services (tree lock, scope, change events);
    # the admin shows them read-only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "organisation")
    list_filter = ("kind",)
    raw_id_fields = ("organisation",)
    search_fields = ("user__username", "organisation__name")
