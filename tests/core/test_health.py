"""/healthz: JSON for load balancers, checking the database and, when configured, the broker."""

import pytest


def test_healthz_checks_the_database_without_login(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"]["database"] == "ok"
    assert data["checks"]["broker"].startswith("not configured")
    assert isinstance(data["ms"], (int, float))


def test_healthz_checks_the_broker_when_one_is_configured(client, db, settings, redis_url):
    settings.REDIS_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize("url", ["redis://127.0.0.1:1/0"])
def test_healthz_reports_an_unreachable_broker(client, db, settings, url):
    settings.REDIS_URL = url
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "error"
    assert data["checks"]["database"] == "ok"
    assert data["checks"]["broker"].startswith("error")
