from celery import shared_task


@shared_task(ignore_result=True)
def refresh_rollups():
    """Rebuild the stale rollups of this year and the four before (the dashboards' trend) ahead of the readers,
    who would otherwise rebuild them on their next read. Returns the number of (area, year) rebuilt."""
    from django.utils import timezone

    from . import rollups

    year = timezone.localdate().year
    return rollups.ensure_current(*range(year - 4, year + 1))
