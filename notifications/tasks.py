from celery import shared_task


@shared_task
def send_reminders():
    """Daily under celery beat (settings.CELERY_BEAT_SCHEDULE): reminders from every registered source."""
    from .services import reminders_send

    return reminders_send()
