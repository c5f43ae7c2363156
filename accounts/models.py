"""User accounts as the portal manages them: the Django user seen through the tree (`Account`), and the
temporary password a superior issues, which its holder must replace at the next login."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import UserManager
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.history import track
from core.scope import RestrictedQuerySet, role_org_ids, subtree_q
from core.urls_helpers import model_url

User = get_user_model()


class AccountQuerySet(RestrictedQuerySet):
    pass


class AccountManager(UserManager.from_queryset(AccountQuerySet)):
    pass


class Account(User):
    """A user account as a manager sees it (a proxy of the Django user: the same row, with the portal's scope).

    An account lies in a manager's scope when it holds at least one role and every one of its roles lies in
    the manager's subtree (for reading, the read subtree; for changing, the write subtree). "Every", not "any":
    a county officer must not deactivate or reset the password of a prefecture officer who also happens to
    hold a role in the county. Superusers and the manager's own account are never managed here (one's own
    password is changed on the password page)."""

    objects = AccountManager()

    class Meta:
        proxy = True
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def __str__(self):
        return f"{self.first_name} ({self.username})" if self.first_name else self.username

    def get_absolute_url(self):
        return model_url(Account, "detail", self.pk)

    @staticmethod
    def scope_q_for(user, action):
        from orgs.models import Role

        org_ids = role_org_ids(user, action)
        if not org_ids:
            return Q(pk__in=[])
        outside = Role.objects.filter(user=OuterRef("pk")).exclude(subtree_q("organisation__", org_ids))
        return (
            Q(is_superuser=False)
            & ~Q(pk=user.pk)
            & Q(Exists(Role.objects.filter(user=OuterRef("pk"))))
            & ~Q(Exists(outside))
        )


class TemporaryPassword(models.Model):
    """A password a superior set for someone else: pending until its holder chooses their own. Pending means
    the user's password hash is still the one issued, so any change of password, by any door, ends it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="temporary_password", verbose_name=_("用户")
    )
    password_hash = models.CharField(_("临时密码摘要"), max_length=128)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("发放人")
    )
    issued_at = models.DateTimeField(_("发放时间"), auto_now=True)

    class Meta:
        verbose_name = _("临时密码")
        verbose_name_plural = _("临时密码")

    def __str__(self):
        return str(self.user)

    @classmethod
    def pending_for(cls, user):
        return cls.objects.filter(user=user, password_hash=user.password).exists()


# Who created, renamed, deactivated or reset whom; the password hash and login stamps are left out (a reset
# still writes a row, with its reason). Role grants and removals are in the Role history (orgs.models).
class _UserRecords(HistoricalRecords):
    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            # Django sends a proxy's saves with the proxy as sender: without this, accounts saved as `Account`
            # (every save of the account pages) would leave no history.
            models.signals.post_save.connect(self.post_save, sender=Account, weak=False)


track(User, app="accounts", excluded_fields=["password", "last_login"], records_class=_UserRecords)


def _skip_login_stamp(sender, instance, update_fields=None, **kwargs):
    """A login saves last_login alone; that is not a change of the account worth a history row."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        instance.skip_history_when_saving = True
    else:
        instance.__dict__.pop("skip_history_when_saving", None)


models.signals.pre_save.connect(_skip_login_stamp, sender=User, dispatch_uid="accounts_skip_login_stamp")
models.signals.pre_save.connect(_skip_login_stamp, sender=Account, dispatch_uid="accounts_skip_login_stamp_proxy")
