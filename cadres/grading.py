"""How an appraisal's total becomes a grade: the thresholds live here and nowhere else.

A project may override them with settings.CADRE_GRADE_THRESHOLDS, a list of (minimum percentage, grade) from the
highest grade down; the percentage is the total over the full marks of the indicators scored, so that an
administrator who changes the indicators does not have to change the thresholds too.
"""

from decimal import Decimal

from django.conf import settings

from .choices import Grade

DEFAULT_THRESHOLDS = [(90, Grade.EXCELLENT), (75, Grade.COMPETENT), (60, Grade.BASIC)]
LOWEST = Grade.INCOMPETENT


def thresholds():
    return getattr(settings, "CADRE_GRADE_THRESHOLDS", DEFAULT_THRESHOLDS)


def grade_for(total, full_marks=100):
    """The grade a total earns out of `full_marks`."""
    if total is None or not full_marks:
        return LOWEST
    percent = Decimal(total) * 100 / Decimal(full_marks)
    for minimum, grade in thresholds():
        if percent >= minimum:
            return grade
    return LOWEST
