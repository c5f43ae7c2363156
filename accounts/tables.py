import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.tables import PortalTable

from .models import Account


class AccountTable(PortalTable):
    username = tables.Column(linkify=True, verbose_name=_("用户名"))
    first_name = tables.Column(verbose_name=_("姓名"))
    roles = tables.Column(verbose_name=_("角色"), empty_values=(), orderable=False, attrs={"td": {"class": "wrap"}})
    is_active = tables.BooleanColumn(verbose_name=_("启用"))
    locked = tables.BooleanColumn(verbose_name=_("登录已锁定"), yesno=("🔒,"))
    last_login = tables.DateTimeColumn(verbose_name=_("最近登录"), format="Y-m-d H:i")

    class Meta(PortalTable.Meta):
        model = Account
        fields = ("username", "first_name", "roles", "is_active", "locked", "last_login")

    def render_roles(self, record):
        return format_html_join(
            mark_safe("<br>"), "{} · {}", ((r.organisation.name, r.get_kind_display()) for r in record.roles.all())
        )

    def value_roles(self, record):
        return "；".join(f"{r.organisation.name} · {r.get_kind_display()}" for r in record.roles.all())
