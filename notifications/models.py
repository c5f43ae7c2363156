from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.scope import VIEW, RestrictedQuerySet, role_org_ids, subtree_q


class Notification(models.Model):
    """One reminder for one user (换届、年度填报、整改…), written by the periodic reminders task from the
    sources apps register. Its text is a message id with parameters, shown in the reader's language; `key`
    makes it unique per user, so running the task again adds nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("用户")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("组织"),
    )  # fmt: skip
    kind = models.CharField(_("类别"), max_length=60)
    text = models.CharField(_("内容"), max_length=300)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    key = models.CharField(_("标识"), max_length=200)
    created = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_user_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return self.message

    @staticmethod
    def scope_q_for(user, action):
        """A user's own reminders, and of those only the ones about organisations still in their read scope."""
        return Q(user=user) & (Q(organisation__isnull=True) | subtree_q("organisation__", role_org_ids(user, VIEW)))

    @property
    def message(self):
        text = gettext(self.text)
        try:
            return text % self.params if self.params else text
        except (KeyError, TypeError, ValueError):
            return text

    @property
    def is_read(self):
        return self.read_at is not None
