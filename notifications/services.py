"""Writes of reminders: the periodic run over every registered source, and marking read."""

import logging

from django.db import transaction
from django.utils import timezone

from core.registry import registry
from core.reminders import Reminder

from .models import Notification

logger = logging.getLogger(__name__)


def reminders_collect():
    for source in registry.reminders:
        for item in source():
            yield item if isinstance(item, Reminder) else Reminder(*item)


def reminders_send():
    """Write a notification for every reminder a user does not have yet (by key). Idempotent: a second run
    creates nothing. Returns the number created."""
    wanted = {}
    for reminder in reminders_collect():
        wanted.setdefault((reminder.user.pk, reminder.key[:200]), reminder)  # as stored (Notification.key)
    if not wanted:
        return 0
    existing = set()
    user_ids = {user_id for user_id, _key in wanted}
    keys = {key for _user_id, key in wanted}
    # only this run's keys: the table keeps every notification ever sent
    rows = Notification.objects.filter(user_id__in=user_ids, key__in=keys).values_list("user_id", "key")
    for user_id, key in rows.iterator():
        existing.add((user_id, key))
    new = [
        Notification(
            user_id=user_id,
            organisation=r.organisation,
            kind=r.kind[:60],
            text=str(r.text)[:300],
            params=r.params or {},
            url=r.url[:300],
            key=key,
        )
        for (user_id, key), r in wanted.items()
        if (user_id, key) not in existing
    ]
    with transaction.atomic():
        # ignore_conflicts: a run racing this one must not fail on the unique (user, key)
        Notification.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    logger.info("reminders: %d new of %d due", len(new), len(wanted))
    return len(new)


def notification_mark_read(*, user, notification=None):
    """Mark one of `user`'s notifications read, or all of them when `notification` is None."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        rows = rows.filter(pk=notification.pk)
    return rows.update(read_at=timezone.now())
