"""Change events. Every service that writes emits one, after the transaction commits, so that later code
(rollups, notifications) can follow every write without hunting for them."""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger("unionportal.events")

# Sent with sender=model class and keyword arguments pk, action, actor_id.
record_changed = Signal()


def emit(instance, action, actor=None):
    model = type(instance)
    pk = instance.pk
    actor_id = getattr(actor, "pk", None)

    def send():
        logger.info("%s %s.%s pk=%s actor=%s", action, model._meta.app_label, model._meta.model_name, pk, actor_id)
        record_changed.send(sender=model, pk=pk, action=action, actor_id=actor_id)

    transaction.on_commit(send)
