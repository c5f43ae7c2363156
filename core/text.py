"""Small text helpers that keep messages right in both languages."""

from django.utils.translation import gettext as _


def join_list(items):
    """Items joined the way the active language lists them: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return _("、").join(str(item) for item in items)


def join_clauses(items):
    """Items that may hold a 、 themselves, joined with 分号: 甲；乙、丙 in Chinese, "a; b, c" in English."""
    return _("；").join(str(item) for item in items)
