"""A spreadsheet import run by a real Celery worker over Redis, as in production: the upload only queues the
job; a worker validates it; the user confirms; the worker writes the rows.

Needs Redis (REDIS_URL) and PostgreSQL (the worker thread and the test share committed data); skipped without
them, a failure when REQUIRE_SERVICES=1.
"""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from kombu import pools as kombu_pools

from core.models import ImportJob
from core.testing import upload
from orgs.models import Organisation
from tests.factories import build_world, invalid_credit_code, valid_credit_code

pytestmark = pytest.mark.services

FINAL = {ImportJob.State.INVALID, ImportJob.State.VALIDATED, ImportJob.State.DONE, ImportJob.State.FAILED}


def reset_broker_pools(app):
    """Close and forget pooled broker connections (the app's and kombu's shared ones, which are keyed by URL),
    so that the next send uses the broker configured now and no later test finds a closed pool."""
    kombu_pools.reset()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture
def worker(redis_url, postgres):
    from unionportal.celery import app

    queue = f"unionportal-test-{uuid.uuid4().hex[:12]}"  # nobody else's tasks, and ours reach nobody else
    overrides = {
        "broker_url": redis_url,
        "task_always_eager": False,
        "task_default_queue": queue,
        "worker_hijack_root_logger": False,
    }
    saved = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    reset_broker_pools(app)
    try:
        with start_worker(app, perform_ping_check=False, queues=[queue], shutdown_timeout=30) as running:
            yield running
    finally:
        app.conf.update(saved)
        reset_broker_pools(app)


def wait_for(job, timeout=30):
    """Poll the job as its page does until the worker has finished with it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in FINAL:
            return job
        time.sleep(0.1)
    pytest.fail(f"the worker left the import job in state {job.state!r} for {timeout} s")


def test_import_runs_on_a_real_worker(worker, client):
    world = build_world()
    client.force_login(world.officer)
    code = world.county_a.division_code
    rows = [
        {
            "名称": "工人甲公司工会",
            "层级": "基层工会",
            "上级组织": code,
            "统一社会信用代码": valid_credit_code(51, kind="81"),
        },
        {
            "名称": "工人乙公司工会",
            "层级": "grassroots",
            "上级组织": "测试省总工会/甲市总工会/甲一区总工会/甲一街道工会",
        },
    ]
    before = Organisation.objects.count()

    response = upload(client, reverse("orgs:organisation_import"), rows)
    assert response.status_code == 302
    job = ImportJob.objects.get(user=world.officer)
    assert response["Location"] == reverse("core:importjob_detail", args=[job.pk])
    job = wait_for(job)
    assert job.state == ImportJob.State.VALIDATED, job.errors
    assert (job.total_rows, job.new_rows) == (2, 2)
    assert Organisation.objects.count() == before, "validation must not write"
    page = client.get(response["Location"]).content.decode()
    assert "校验通过" in page and "工人乙公司工会" in page

    assert client.post(response["Location"]).status_code == 302
    job = wait_for(job)
    assert job.state == ImportJob.State.DONE, job.errors
    assert Organisation.objects.count() == before + 2
    first = Organisation.objects.get(name="工人甲公司工会")
    second = Organisation.objects.get(name="工人乙公司工会")
    assert first.parent_id == world.county_a.pk and first.credit_code == valid_credit_code(51, kind="81")
    assert second.parent_id == world.township_a.pk
    assert first.history.first().history_user == world.officer
    assert "已导入" in client.get(response["Location"]).content.decode()


def test_a_bad_file_is_reported_by_the_worker_and_nothing_is_written(worker, client):
    world = build_world()
    client.force_login(world.officer)
    code = world.county_a.division_code
    rows = [
        {"名称": "好公司工会", "层级": "基层工会", "上级组织": code, "统一社会信用代码": ""},
        {"名称": "坏公司工会", "层级": "基层工会", "上级组织": code, "统一社会信用代码": invalid_credit_code(52)},
    ]
    before = Organisation.objects.count()
    upload(client, reverse("orgs:organisation_import"), rows)
    job = wait_for(ImportJob.objects.get(user=world.officer))
    assert job.state == ImportJob.State.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "统一社会信用代码")], job.errors
    assert Organisation.objects.count() == before
