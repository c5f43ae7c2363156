"""Writes of the cadre app beyond the generic services: a record together with its rows (an appraisal and its
scores, a cadre and its trainings), in one transaction, each row with history and a change event."""

from django.db import transaction

from core import events
from core.services import record_create, record_delete, record_update, save_checked, validate


@transaction.atomic
def appraisal_save(*, actor, instance, scores=None):
    """Create or update an appraisal. `scores` ([(indicator, score)]), when given, replace the stored ones;
    the total and grade are derived from them in the model's clean()."""
    from .models import AppraisalScore

    scores = None if scores is None else list(scores)
    creating = instance.pk is None
    if creating and instance.appraised_by_id is None and actor is not None and actor.is_authenticated:
        instance.appraised_by = actor
    validate(instance, clean=lambda: instance.clean_with(scores))
    save_checked(instance=instance, actor=actor, action="create" if creating else "update")
    if scores is not None:
        existing = {row.indicator_id: row for row in instance.scores.all()}
        fresh = []
        for indicator, score in scores:
            row = existing.pop(indicator.pk, None)
            if row is None:
                fresh.append(AppraisalScore(appraisal=instance, indicator=indicator, score=score))
            elif row.score != score:
                row.score = score
                record_update(actor=actor, instance=row)
        for row in existing.values():
            record_delete(actor=actor, instance=row)
        _create_scores(actor, fresh)
    return instance


def _create_scores(actor, rows):
    """New score rows in one statement, with their history and change events. The appraisal's clean() has
    checked them against their indicators and one another, and its scope was re-checked when it was saved just
    before, so a round of validation and scope queries per row (40 s for a 1,000-row import) adds nothing."""
    from simple_history.utils import bulk_create_with_history

    from core.middleware import current_request_id

    from .models import AppraisalScore

    if not rows:
        return
    for row in rows:
        row.clean()
    user = actor if actor is not None and actor.is_authenticated else None
    created = bulk_create_with_history(
        rows, AppraisalScore, default_user=user, custom_historical_attrs={"request_id": current_request_id()}
    )
    for row in created:
        events.emit(row, "create", actor)


def appraisal_create(*, actor, instance, scores=None):
    return appraisal_save(actor=actor, instance=instance, scores=scores)


def appraisal_update(*, actor, instance, scores=None):
    return appraisal_save(actor=actor, instance=instance, scores=scores)


@transaction.atomic
def cadre_save(*, actor, instance, trainings=None):
    """Create or update a cadre; `trainings` (a list of dicts of CadreTraining fields), when given, replace
    the stored training records."""
    from .models import CadreTraining

    creating = instance.pk is None
    validate(instance)
    save_checked(instance=instance, actor=actor, action="create" if creating else "update")
    if trainings is not None:
        for row in instance.trainings.all():
            record_delete(actor=actor, instance=row)
        for data in trainings:
            record_create(actor=actor, instance=CadreTraining(cadre=instance, **data))
    return instance
