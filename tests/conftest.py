import os

import pytest
from django.db import connection

from tests.factories import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test leaves change stamps (core.changes) whose sums a
    later test's rows may repeat, and cached panels must not outlive the rows they were rendered from."""
    from django.core.cache import cache

    cache.clear()


def services_required():
    return os.environ.get("REQUIRE_SERVICES") == "1"


def need(condition, reason):
    """Skip when a service is absent, unless CI demands services (then the absence is a failure)."""
    if condition:
        return
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def postgres(transactional_db):
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (set DATABASE_URL)")


@pytest.fixture
def redis_url():
    from django.conf import settings

    url = os.environ.get("REDIS_URL") or settings.REDIS_URL
    need(bool(url), "Redis is not configured (set REDIS_URL)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        need(False, f"Redis at {url} does not answer: {exc}")
    return url
