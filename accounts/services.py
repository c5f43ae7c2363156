"""Account writes: create, edit, grant and remove roles, reset a password, lift a lock-out, revoke API tokens.

Every action runs in one transaction, through the generic services (history with the acting user, scope
re-checked, change event on commit). The rule of delegation lives here, once, for the portal's pages and
the API: a manager grants a kind of role only at an organisation inside their write scope and only where one
of their own write roles of at least that rank covers it (accounts.choices.KIND_RANK).
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import events
from core.scope import CHANGE, can, is_unrestricted, subtree_q
from core.services import ensure_in_scope, record_create, record_delete, record_update, stamp, validate
from orgs.choices import WRITE_ROLE_KINDS, RoleKind
from orgs.models import Organisation, Role

from .choices import rank
from .models import Account, TemporaryPassword

# No 0/O, 1/l/I: the password is read out over the telephone or copied from a screen.
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 12


def temporary_password_make():
    """A random password that passes the project's validators (long enough, not common, not all digits)."""
    while True:
        value = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if any(c.isalpha() for c in value) and any(c.isdigit() for c in value):
            return value


def grantable_kinds(actor):
    """Kinds of role `actor` may grant somewhere (the highest rank among their write roles and below)."""
    if is_unrestricted(actor):
        return list(RoleKind)
    kinds = Role.objects.filter(user=actor, kind__in=WRITE_ROLE_KINDS, organisation__status="active")
    best = max((rank(kind) for kind in kinds.values_list("kind", flat=True)), default=0)
    return [kind for kind in RoleKind if rank(kind) <= best]


def check_grant(*, actor, organisation, kind):
    """Refuse a role `actor` may not grant (or remove): outside their write scope, or above their rank there."""
    if is_unrestricted(actor):
        return
    if kind not in RoleKind.values:
        raise ValidationError({"kind": _("未知的角色。")})
    # The actor's write roles whose subtree holds `organisation`, tested by the one scope mechanism.
    target = Organisation.objects.filter(pk=organisation.pk)
    holders = [
        role
        for role in Role.objects.filter(user=actor, kind__in=WRITE_ROLE_KINDS, organisation__status="active")
        if target.filter(subtree_q("", [role.organisation_id])).exists()
    ]
    if not holders:
        raise PermissionDenied(_("“%(org)s”不在您的管理范围内。") % {"org": organisation})
    if max(rank(role.kind) for role in holders) < rank(kind):
        raise ValidationError(
            {
                "kind": _("您不能在“%(org)s”授予“%(kind)s”角色：不能授予高于本人的角色。")
                % {"org": organisation, "kind": RoleKind(kind).label}
            }
        )


@transaction.atomic
def role_grant(*, actor, instance):
    check_grant(actor=actor, organisation=instance.organisation, kind=instance.kind)
    return record_create(actor=actor, instance=instance)


@transaction.atomic
def role_change(*, actor, instance):
    before = Role.objects.select_related("organisation").get(pk=instance.pk)
    check_grant(actor=actor, organisation=before.organisation, kind=before.kind)
    check_grant(actor=actor, organisation=instance.organisation, kind=instance.kind)
    return record_update(actor=actor, instance=instance)


@transaction.atomic
def role_revoke(*, actor, instance):
    """Only a role the actor could grant may be removed: the same rule both ways."""
    check_grant(actor=actor, organisation=instance.organisation, kind=instance.kind)
    record_delete(actor=actor, instance=instance)


def _issue_password(account):
    password = temporary_password_make()
    account.set_password(password)
    return password


def _remember_temporary(account, actor):
    TemporaryPassword.objects.update_or_create(
        user_id=account.pk, defaults={"password_hash": account.password, "issued_by": actor}
    )


@transaction.atomic
def account_create(*, actor, instance):
    """Save a new account with a temporary password (left on `instance.issued_password`, to be shown once).

    The account has no role yet, so it is not yet in anyone's scope: the caller grants its roles and then calls
    `account_check` in the same transaction."""
    if instance.pk is not None:
        raise ValidationError(_("账号已存在。"))
    if not instance.password:
        instance.issued_password = _issue_password(instance)
    instance.is_superuser = False
    instance.is_staff = False
    validate(instance, exclude=["password"])
    stamp(instance, actor)
    instance._change_reason = _("创建账号")
    instance.save()
    _remember_temporary(instance, actor)
    events.emit(instance, "create", actor)
    return instance


def account_check(*, actor, account):
    """The end of every account write: it holds a role, and all its roles lie in the actor's write scope."""
    if not Role.objects.filter(user_id=account.pk).exists():
        raise ValidationError(_("账号至少需要一个角色；不再使用的账号请停用。"))
    ensure_in_scope(actor, _as_account(account))


def _as_account(user):
    if isinstance(user, Account):
        return user
    return Account.objects.get(pk=user.pk)


@transaction.atomic
def account_update(*, actor, instance):
    """Name, user name, active or not; roles change through role_grant / role_revoke."""
    if not is_unrestricted(actor) and not can(actor, _as_account(instance), CHANGE):
        raise PermissionDenied(_("超出您的管理范围。"))
    was_active = Account.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    if was_active and not instance.is_active:
        instance._change_reason = _("停用账号")
    elif was_active is False and instance.is_active:
        instance._change_reason = _("重新启用账号")
    return record_update(actor=actor, instance=instance)


@transaction.atomic
def account_create_with_roles(*, actor, username, full_name="", is_active=True, roles=()):
    """The API's create: the account, its roles, then the scope check, all or nothing."""
    account = Account(username=username, first_name=full_name, is_active=is_active)
    account_create(actor=actor, instance=account)
    account_roles_set(actor=actor, account=account, roles=roles)
    return account


@transaction.atomic
def account_roles_set(*, actor, account, roles):
    """Make the account's roles exactly `roles` ((organisation, kind) pairs): grant what is new, remove what is
    gone, each with its own history row."""
    wanted = {(org.pk, str(kind)): org for org, kind in roles}
    current = {(role.organisation_id, role.kind): role for role in Role.objects.filter(user_id=account.pk)}
    for key, role in current.items():
        if key not in wanted:
            role_revoke(actor=actor, instance=role)
    for key, org in wanted.items():
        if key not in current:
            role_grant(actor=actor, instance=Role(user_id=account.pk, organisation=org, kind=key[1]))
    account_check(actor=actor, account=account)


def _audit(account, actor, reason):
    """A history row on the account for an action that changes nothing tracked (a password, a lock-out)."""
    stamp(account, actor)
    account._change_reason = reason
    account.save()


def _managed(actor, account):
    account = _as_account(account)
    if not can(actor, account, CHANGE):
        raise PermissionDenied(_("超出您的管理范围。"))
    return account


@transaction.atomic
def account_password_reset(*, actor, account):
    """Set a one-time temporary password (returned, to be shown once), which the holder must change at the next
    login. Their sessions end (Django ties them to the password), their API tokens are revoked and any lock-out
    is lifted, since a forgotten password is the usual cause of both."""
    from axes.utils import reset as axes_reset
    from rest_framework.authtoken.models import Token

    account = _managed(actor, account)
    password = _issue_password(account)
    _audit(account, actor, _("重置密码"))
    _remember_temporary(account, actor)
    Token.objects.filter(user_id=account.pk).delete()
    axes_reset(username=account.username)
    events.emit(account, "password_reset", actor)
    return password


@transaction.atomic
def account_unlock(*, actor, account):
    """Lift a lock-out (django-axes) after too many failed logins."""
    from axes.utils import reset as axes_reset

    account = _managed(actor, account)
    axes_reset(username=account.username)
    _audit(account, actor, _("解除登录锁定"))
    events.emit(account, "unlock", actor)
    return account


@transaction.atomic
def account_tokens_revoke(*, actor, account):
    """Revoke an account's API tokens: by its holder, or by whoever manages the account."""
    from rest_framework.authtoken.models import Token

    if actor.pk != account.pk:
        account = _managed(actor, account)
    count, _rows = Token.objects.filter(user_id=account.pk).delete()
    _audit(_as_account(account), actor, _("撤销接口令牌"))
    events.emit(account, "tokens_revoke", actor)
    return count
