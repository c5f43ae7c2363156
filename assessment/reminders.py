"""考核's reminder source (core/reminders.py gives the contract): rectification items due within a week or overdue,
for the officers who must answer them and the inspectors who must verify them."""

from django.utils import timezone
from django.utils.translation import gettext_noop

from core.reminders import Reminder, nearest_writers

from .selectors import rectifications_due

RECTIFICATION_SOON = gettext_noop("%(union)s的整改事项“%(requirement)s”将于%(date)s到期。")
RECTIFICATION_OVERDUE = gettext_noop("%(union)s的整改事项“%(requirement)s”已于%(date)s逾期，请尽快整改。")


def rectification_reminders():
    today = timezone.localdate()
    items = list(rectifications_due(today=today).prefetch_related("finding__inspection__inspectors"))
    writers = nearest_writers([item.organisation for item in items])
    for item in items:
        overdue = item.deadline < today
        state = "overdue" if overdue else "soon"
        users = list(writers.get(item.organisation_id, [])) + list(item.finding.inspection.inspectors.all())
        for user in dict.fromkeys(users):
            yield Reminder(
                user=user,
                kind=f"assessment.rectification_{state}",
                text=RECTIFICATION_OVERDUE if overdue else RECTIFICATION_SOON,
                params={
                    "union": item.organisation.name,
                    "requirement": item.requirement[:40],
                    "date": item.deadline.isoformat(),
                },
                url=item.get_absolute_url(),
                key=f"assessment.rectification:{item.pk}:{item.deadline.isoformat()}:{state}",
                organisation=item.organisation,
            )
