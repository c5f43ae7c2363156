"""Small text helpers that keep messages right in both languages, and the one normaliser of names."""

import unicodedata

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


# Characters that change how a name looks or reads without being seen: zero-width spaces and joiners, the
# bidirectional overrides and isolates, the byte-order mark, soft hyphens (Unicode's "format" category), and
# control characters. Left in, "甲工会" and "甲\u200b工会" would be two different siblings.
def _invisible(char):
    return unicodedata.category(char) in ("Cf", "Cc")


def normalise_name(value):
    """A name as it should be stored and compared: NFKC-normalised (full-width letters and digits become their
    usual forms), invisible and bidi-control characters removed, runs of white space made one space, trimmed."""
    if not value:
        return value
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(" " if char in "\t\r\n" else char for char in text if char in "\t\r\n" or not _invisible(char))
    return " ".join(text.split())
