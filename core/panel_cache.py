"""The cache of a record page's own blocks, its fields and panels (core.views.ObjectDetailView.stamp_paths).

A key names everything that HTML follows, so that an entry is never wrong, only unused:
- the record and the change stamp of its organisations' areas (core.changes), with the areas themselves;
- the reader, and their scope: superuser or not, and each role's organisation, level, tree and kind (what
  `restrict`, `can` and `has_any_scope` decide by), read by the page anyway;
- the language, and today's date (overdue rectifications, this year's targets);
- the release: a digest of the code, templates and translations deployed, so that a new release never serves
  HTML rendered by the old one.

`PANEL_CACHE_SECONDS` (default an hour; 0 turns the cache off) bounds what no stamp sees: a user renamed, a
change written while the triggers were missing. The cache is Django's default one (Redis in production, shared
by every worker).
"""

import hashlib
import logging
import os
from functools import cache

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import get_language

PREFIX = "page"
# The blocks of a detail template kept (see templates/core/cached_page.html, which puts them back in the frame).
BLOCKS = ("title", "breadcrumbs", "content", "scripts")
logger = logging.getLogger(__name__)


def enabled():
    return timeout() > 0


def timeout():
    return int(getattr(settings, "PANEL_CACHE_SECONDS", 3600))


def _cache():
    return caches[getattr(settings, "PANEL_CACHE_ALIAS", "default")]


@cache
def release(suffixes=(".py", ".html", ".mo")):
    """A digest of the project's Python, templates and compiled translations (their paths and contents);
    `suffixes` narrows it (the rollups follow the Python code alone)."""
    base = str(settings.BASE_DIR)
    skip = {".venv", "staticfiles", "media", "tests", "node_modules", ".git", "artifacts", "benchmarks", "static"}
    digest = hashlib.blake2b(digest_size=8)
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(suffixes):
                path = os.path.join(root, name)
                digest.update(os.path.relpath(path, base).encode())
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()


def reader(user):
    """What of the reader the panels follow: who they are (an inspector's assignments are theirs alone) and the
    roles the scope checks read, memoised for the request (a role granted or withdrawn is a new key at once)."""
    from .scope import ACTIONS, is_unrestricted, role_nodes

    if is_unrestricted(user):
        return (user.pk, "superuser")
    return (user.pk, [tuple(role_nodes(user, action)) for action in ACTIONS])


def key(user, obj, stamp):
    total, areas = stamp
    parts = (
        obj._meta.label_lower,
        obj.pk,
        total,
        areas,
        reader(user),
        get_language(),
        timezone.localdate().isoformat(),
        release(),
    )
    return (
        f"{PREFIX}:{obj._meta.label_lower}:{obj.pk}:"
        + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    )


def get(cache_key):
    """The cached HTML, or None; a cache that cannot be reached (Redis down) is a miss, never an error page."""
    try:
        return _cache().get(cache_key)
    except Exception:  # noqa: BLE001 - any backend's connection error
        logger.warning("panel cache unreachable; rendering the panels", exc_info=True)
        return None


def set(cache_key, html):  # noqa: A001 - the cache's own verb
    try:
        _cache().set(cache_key, html, timeout())
    except Exception:  # noqa: BLE001 - as in get()
        logger.warning("panel cache unreachable; not kept", exc_info=True)
