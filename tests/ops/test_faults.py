"""Faults the portal must survive: a broker that does not answer, a job whose worker died or ran out of time,
and a database that goes away and comes back."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from core.models import ExportJob, ImportJob
from core.testing import upload
from tests.factories import grassroots

BROKER_DOWN = "后台任务服务暂时不可用，请稍后再试。"


@pytest.fixture
def dead_broker(settings):
    """Celery really sending to a Redis URL on a closed port (nothing listens on port 1)."""
    from unionportal.celery import app

    url = "redis://127.0.0.1:1/0"
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=url)
    settings.REDIS_URL = url
    yield url
    app.conf.update(saved)
    app.close()


def org_import_row(county, name):
    return {"名称": name, "层级": "基层工会", "上级": county.name}


def test_an_import_with_the_broker_down_fails_at_once_with_a_clear_message(client, world, dead_broker):
    client.force_login(world.officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, "/orgs/import/", [org_import_row(world.county_a, "甲一新工会")])
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED and job.reason == BROKER_DOWN
    page = client.get(response["Location"]).content.decode()
    assert BROKER_DOWN in page
    assert "hx-trigger" not in page  # not a spinner polling for ever


def test_a_large_export_with_the_broker_down_fails_at_once_and_pages_keep_serving(client, world, settings, dead_broker):
    settings.EXPORT_SYNC_LIMIT = 0
    grassroots(world.county_a, "甲区工会")
    client.force_login(world.officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(reverse("orgs:organisation_list"), {"export": "csv"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("core:exportjob_detail", args=[job.pk])
    assert job.state == ExportJob.State.FAILED and job.reason == BROKER_DOWN
    assert BROKER_DOWN in client.get(response["Location"]).content.decode()
    assert client.get(reverse("orgs:organisation_list")).status_code == 200
    assert client.get("/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["checks"]["database"] == "ok"


def test_a_job_that_runs_out_of_time_is_failed_with_the_reason(client, world, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("core.imports.import_job_run", slow)
    client.force_login(world.officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(client, "/orgs/import/", [org_import_row(world.county_a, "甲一慢工会")])
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    assert "分钟的时限" in job.reason
    assert "分钟的时限" in client.get(response["Location"]).content.decode()


def test_tasks_have_time_limits():
    from unionportal.celery import app

    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit <= 3600


def make_job(user, state, **times):
    job = ImportJob.objects.create(user=user, target="orgs.organisation", original_name="a.xlsx", state=state)
    ImportJob.objects.filter(pk=job.pk).update(**times)
    return job


def test_a_job_whose_worker_died_is_failed_when_its_page_is_read(client, world, settings):
    long_ago = timezone.now() - timedelta(seconds=ImportJob.hard_time_limit() + 120)
    job = make_job(world.officer, ImportJob.State.IMPORTING, started=long_ago)
    fresh = make_job(world.officer, ImportJob.State.IMPORTING, started=timezone.now())
    # an import may run longer than other jobs (IMPORT_TIME_LIMIT): past the general task limit it still runs
    long_import = make_job(
        world.officer,
        ImportJob.State.IMPORTING,
        started=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120),
    )
    client.force_login(world.officer)
    page = client.get(reverse("core:importjob_detail", args=[job.pk])).content.decode()
    assert "后台任务超时或中断" in page
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and job.finished is not None
    assert fresh.state == ImportJob.State.IMPORTING  # still within its time limit
    assert (
        "后台任务超时或中断" not in client.get(reverse("core:importjob_detail", args=[long_import.pk])).content.decode()
    )
    long_import.refresh_from_db()
    assert long_import.state == ImportJob.State.IMPORTING


def test_the_periodic_sweep_fails_lost_and_dead_jobs_only(world, settings):
    from core.tasks import fail_stale_jobs

    old = timezone.now() - timedelta(seconds=settings.JOB_QUEUE_TIMEOUT + 60)
    lost = make_job(world.officer, ImportJob.State.PENDING, queued=old)
    waiting = make_job(world.officer, ImportJob.State.PENDING, queued=timezone.now())
    validated = make_job(world.officer, ImportJob.State.VALIDATED, created=old)
    export = ExportJob.objects.create(user=world.officer, target="orgs.organisation", fmt="csv")
    ExportJob.objects.filter(pk=export.pk).update(state=ExportJob.State.RUNNING, started=old - timedelta(hours=1))
    assert fail_stale_jobs() == 2
    states = {j.pk: j.state for j in ImportJob.objects.all()}
    assert states == {lost.pk: "failed", waiting.pk: "pending", validated.pk: "validated"}
    assert ImportJob.objects.get(pk=lost.pk).reason.startswith("后台任务长时间没有开始")
    assert ExportJob.objects.get().state == "failed"
    assert fail_stale_jobs() == 0


def test_a_message_redelivered_after_the_worker_died_does_not_run_the_import_again(world, monkeypatch):
    from core.tasks import run_import_job

    calls = []
    monkeypatch.setattr("core.imports.import_job_run", lambda **kwargs: calls.append(kwargs))
    job = make_job(world.officer, ImportJob.State.IMPORTING, started=timezone.now())
    run_import_job(job.pk, True)
    assert calls == []
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTING


# --- the database --------------------------------------------------------------------------------------------
def refuse(self, *args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def test_a_database_outage_shows_the_products_503_and_recovers(client, world, monkeypatch):
    client.force_login(world.officer)
    client.raise_request_exception = False
    assert client.get(reverse("orgs:organisation_list")).status_code == 200
    from django.db.backends import utils

    with monkeypatch.context() as patch:
        patch.setattr(utils.CursorWrapper, "execute", refuse)
        response = client.get(reverse("orgs:organisation_list"))
        assert response.status_code == 503
        assert "系统暂时无法服务" in response.content.decode()
        assert response["Retry-After"] == "30"
        api = client.get("/api/v1/orgs/")
        assert api.status_code == 503 and api.json()["detail"] == "数据库暂时不可用，请稍后再试。"
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["checks"]["database"].startswith("error")
    assert client.get(reverse("orgs:organisation_list")).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_under_debug_a_database_outage_is_the_same_503_page(client, world, settings, monkeypatch):
    settings.DEBUG = True
    client.force_login(world.officer)
    client.raise_request_exception = False
    from django.db.backends import utils

    with monkeypatch.context() as patch:
        patch.setattr(utils.CursorWrapper, "execute", refuse)
        response = client.get(reverse("orgs:organisation_list"))
    assert response.status_code == 503
    assert "系统暂时无法服务" in response.content.decode()


def test_a_dropped_database_connection_is_replaced_at_the_next_request(postgres, client):
    """The database restarted (or a proxy dropped the connection): health-checked persistent connections are
    noticed and replaced when the next request starts, so the first request after the outage succeeds."""
    import psycopg2
    from django.db import close_old_connections, connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    other = psycopg2.connect(**{k: v for k, v in params.items() if k in {"host", "port", "user", "dbname", "password"}})
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    close_old_connections()  # what Django runs as every request starts
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
