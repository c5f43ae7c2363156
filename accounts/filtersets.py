import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import PortalFilterSet, choice_filter
from orgs.choices import RoleKind
from orgs.filtersets import SubtreeFilter
from orgs.models import Role

from .models import Account

ACTIVE_CHOICES = [("1", _("启用")), ("0", _("已停用"))]


class RoleSubtreeFilter(SubtreeFilter):
    """Accounts holding a role in the chosen organisation's subtree (a subquery, so no row comes twice)."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(pk__in=super().filter(Role.objects.all(), value).values("user_id"))


class AccountFilterSet(PortalFilterSet):
    search_fields = ("username", "first_name")

    kind = choice_filter(RoleKind.choices, _("角色"), checkboxes=True, method="filter_kind")
    within = RoleSubtreeFilter("organisation__", label=_("角色所在组织（含全部下级）"))
    active = django_filters.ChoiceFilter(choices=ACTIVE_CHOICES, label=_("状态"), method="filter_active")
    locked = django_filters.BooleanFilter(field_name="locked", label=_("登录已锁定"))

    class Meta:
        model = Account
        fields = ["q", "search", "kind", "within", "active", "locked"]

    def filter_kind(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Role.objects.filter(kind__in=value).values("user_id"))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1") if value in ("0", "1") else queryset
