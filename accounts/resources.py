from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import fields

from core.imports import ScopedResource

from .models import Account


class AccountResource(ScopedResource):
    """The account list as a spreadsheet (export only: accounts are created on their page, which shows the
    temporary password once)."""

    roles = fields.Field(column_name="角色")

    class Meta:
        model = Account
        fields = ("id", "username", "first_name", "roles", "is_active", "last_login")

    def export_rows(self, queryset, chunk_size=5000):
        with translation.override(settings.LANGUAGE_CODE):
            yield [_("系统编号"), _("用户名"), _("姓名"), _("角色"), _("启用"), _("最近登录")]
            for account in queryset.iterator(chunk_size=chunk_size):
                roles = "；".join(f"{r.organisation.name} · {r.get_kind_display()}" for r in account.roles.all())
                last = timezone.localtime(account.last_login).strftime("%Y-%m-%d %H:%M") if account.last_login else ""
                yield [
                    account.pk,
                    account.username,
                    account.first_name,
                    roles,
                    _("是") if account.is_active else _("否"),
                    last,
                ]
