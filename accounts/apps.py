from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Accounts and roles managed down the tree: each manager creates, deactivates and resets the accounts of
    their own subtree, with roles no higher than their own."""

    name = "accounts"
    verbose_name = _("账号与角色")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_on_login

        user_logged_in.connect(mark_on_login, dispatch_uid="accounts_mark_on_login")
