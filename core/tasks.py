"""Background jobs. Tasks are thin: they take a job id and call a service; a job is never left "pending" or
"running" for ever: a broker that cannot take it, a time-out and a lost worker each mark it failed with a
reason its page shows."""

import logging

from celery import current_app, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

BROKER_DOWN = gettext_lazy("后台任务服务暂时不可用，请稍后再试。")


def broker_errors():
    from kombu.exceptions import OperationalError

    return (OperationalError, OSError)


def send(task, args):
    """Queue `task(*args)` now, failing within seconds (not after kombu's minute of retries) when the broker
    does not answer. Eager mode (no REDIS_URL) runs the task in-process."""
    if current_app.conf.task_always_eager:
        return task.apply_async(args)
    with current_app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=0, timeout=current_app.conf.broker_connection_timeout)
        return task.apply_async(args, connection=connection, retry=False)


def enqueue_job(task, job, *args):
    """Queue `task(job.pk, *args)` once the transaction commits. If the broker cannot take it, the job is
    failed at once with BROKER_DOWN, which its page shows, rather than left pending."""
    model = type(job)

    def dispatch():
        model.objects.filter(pk=job.pk).update(queued=timezone.now())
        try:
            send(task, (job.pk, *args))
        except broker_errors():
            logger.exception("the broker refused %s for %s %s", task.name, model.__name__, job.pk)
            model.fail(job.pk, BROKER_DOWN)

    transaction.on_commit(dispatch)


def claim(model, job_id):
    """Start a queued job, or say no: a message redelivered after a worker died, or a job already failed as
    lost, must not run (again)."""
    return model.objects.filter(pk=job_id, state__in=model.queued_states).update(started=timezone.now()) == 1


def timed_out_reason(seconds):
    minutes = max(1, seconds // 60)
    return _("处理超过 %(minutes)d 分钟的时限，已停止，没有写入任何数据。文件很大时请拆分后分批提交。") % {
        "minutes": minutes
    }


FAILED = gettext_lazy("处理时出错，已记录，没有写入任何数据。请稍后重试或联系管理员。")


@shared_task(soft_time_limit=settings.IMPORT_TIME_LIMIT + 60, time_limit=settings.IMPORT_TIME_LIMIT + 120)
def run_import_job(job_id, commit):
    from .imports import import_job_fail, import_job_run
    from .models import ImportJob

    if not claim(ImportJob, job_id):
        logger.warning("import job %s is not queued; not run", job_id)
        return
    try:
        import_job_run(job_id=job_id, commit=commit)
    except SoftTimeLimitExceeded:
        # The import ran in a transaction that has rolled back; tell the user rather than leave it "running".
        logger.error("import job %s exceeded its time limit", job_id)
        import_job_fail(job_id=job_id)
        ImportJob.objects.filter(pk=job_id).update(reason=timed_out_reason(settings.IMPORT_TIME_LIMIT))
    except Exception:
        logger.exception("import job %s failed", job_id)
        import_job_fail(job_id=job_id)
        ImportJob.objects.filter(pk=job_id).update(reason=str(FAILED))


@shared_task
def run_export_job(job_id):
    from .exports import export_job_run
    from .models import ExportJob

    if not claim(ExportJob, job_id):
        logger.warning("export job %s is not queued; not run", job_id)
        return
    try:
        export_job_run(job_id=job_id)
    except SoftTimeLimitExceeded:
        logger.error("export job %s exceeded its time limit", job_id)
        ExportJob.fail(job_id, timed_out_reason(settings.CELERY_TASK_SOFT_TIME_LIMIT))
    except Exception:
        logger.exception("export job %s failed", job_id)
        ExportJob.fail(job_id, FAILED)


@shared_task
def fail_stale_jobs():
    """Periodic: jobs whose worker died or whose message was lost are marked failed (see UserJob.fail_stale)."""
    from .models import ExportJob, ImportJob

    return sum(model.fail_stale() for model in (ImportJob, ExportJob))


@shared_task
def compact_change_stamps():
    """Fold each area's change-stamp rows into one (core.changes.compact), so that a page's stamp stays one index
    read per area however many writes a day brings; the sums, and so every cache key, stay as they are."""
    from .changes import compact

    removed = compact()
    logger.info("change stamps: %d row(s) folded", removed)
    return removed
