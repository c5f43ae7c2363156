"""Reads for the account pages: lock-outs (django-axes) next to each account, in the same query."""

from django.conf import settings
from django.db.models import DateTimeField, Exists, ExpressionWrapper, OuterRef, Prefetch
from django.db.models.functions import Now

from orgs.models import Role

from .models import Account


def lockout_window():
    from axes.helpers import get_cool_off

    return get_cool_off()


def locked_attempts(username_ref):
    """AccessAttempts that lock `username_ref` now: at the failure limit, and within the cool-off period."""
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(
        username=username_ref, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    window = lockout_window()
    if window is not None:
        since = ExpressionWrapper(Now() - window, output_field=DateTimeField())
        attempts = attempts.filter(attempt_time__gte=since)
    return attempts


def accounts_with_state():
    """Accounts with their roles (and organisations) prefetched and `locked` annotated: the list's rows."""
    roles = Role.objects.select_related("organisation").order_by("organisation__lft", "kind")
    return (
        Account.objects.annotate(locked=Exists(locked_attempts(OuterRef("username"))))
        .prefetch_related(Prefetch("roles", queryset=roles))
        .order_by("username")
    )


def is_locked(username):
    return locked_attempts(username).exists()


def attempts_for(username):
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(username=username).order_by("-attempt_time")
