"""Small text helpers that keep messages right in both languages."""

from django.utils.translation import gettext as _


def join_list(items):
    """Items joined the way the active language lists them: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return _("、").join(str(item) for item in items)


def join_clauses(items):
    """Items that may hold a 、 themselves, joined with 分号: 甲；乙、丙 in Chinese, "a; b, c" in English."""
    return _("；").join(str(item) for item in items)


def search_text(params, *names, limit=100):
    """The search words a user typed, from the first of `names` present in `params` (request.GET): trimmed, cut
    to `limit` characters, and without NUL characters, which PostgreSQL refuses in any query."""
    for name in names:
        value = params.get(name)
        if value:
            return value.replace("\x00", "").strip()[:limit]
    return ""
