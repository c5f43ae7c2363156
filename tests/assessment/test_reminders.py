"""Rectifications due or overdue reach the union's officers and the assigned inspectors as notifications."""

import datetime

from django.test import TestCase
from django.utils import timezone

from notifications.models import Notification
from tests.assessment import factories as f


def run_reminders():
    from notifications.tasks import send_reminders

    with TestCase.captureOnCommitCallbacks(execute=True):
        send_reminders()


def test_overdue_rectification_notifies_officer_and_inspector(world):
    item = f.rectification(
        f.union(world.county_a),
        inspectors=[world.inspector],
        deadline=timezone.localdate() - datetime.timedelta(days=3),
    )
    later = f.rectification(f.union(world.county_a), deadline=timezone.localdate() + datetime.timedelta(days=60))
    run_reminders()
    overdue = Notification.objects.filter(kind="assessment.rectification_overdue")
    assert {world.officer.pk, world.inspector.pk} <= set(overdue.values_list("user_id", flat=True))
    assert not Notification.objects.filter(url=later.get_absolute_url()).exists(), "not due yet: no reminder"
    count = overdue.count()
    run_reminders()
    assert overdue.count() == count, "a second run adds nothing"
    assert item.organisation.name in Notification.objects.filter(user=world.officer).first().message
