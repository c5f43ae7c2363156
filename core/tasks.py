import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=settings.IMPORT_TIME_LIMIT + 60, time_limit=settings.IMPORT_TIME_LIMIT + 120)
def run_import_job(job_id, commit):
    from .imports import import_job_fail, import_job_run

    try:
        import_job_run(job_id=job_id, commit=commit)
    except Exception:
        # The import ran in a transaction that has rolled back; tell the user rather than leave it "running".
        logger.exception("import job %s failed", job_id)
        import_job_fail(job_id=job_id)


@shared_task
def run_export_job(job_id):
    from .exports import export_job_fail, export_job_run

    try:
        export_job_run(job_id=job_id)
    except Exception:
        logger.exception("export job %s failed", job_id)
        export_job_fail(job_id=job_id)
