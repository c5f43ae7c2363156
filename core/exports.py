"""Exports of filtered lists: built in the request when small, as a Celery job when large."""

import csv
import io
import re

import xlsxwriter
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone

from .registry import registry
from .scope import VIEW

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    # Only for lists whose Resource can print itself (`export_pdf(queryset, title)`), e.g. acceptance results.
    "pdf": "application/pdf",
}


def supports(resource, fmt):
    return fmt in FORMATS and resource is not None and (fmt != "pdf" or hasattr(resource, "export_pdf"))


def export_filename(basename, fmt):
    return f"{basename}-{timezone.localtime().strftime('%Y%m%d-%H%M')}.{fmt}"


# A cell starting with one of these is read as a formula by Excel, LibreOffice and WPS (a typed
# =HYPERLINK("http://…","点我") would open a link, or worse, for whoever opens the export).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value):
    """A CSV cell that cannot start a formula: text that would is prefixed with an apostrophe, which
    spreadsheets show as text (OWASP's advice). A plain number such as -5 or +3.5 is no formula and stays."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def export_content(resource, queryset, fmt, sheet_name):
    """The rows of `queryset` as file content, fast enough for a province of 100,000 unions. No cell of
    either format can become a live formula, whatever a user typed."""
    if fmt == "pdf":
        return resource.export_pdf(queryset, sheet_name)
    rows = resource.export_rows(queryset)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # a BOM, so that Excel opens the Chinese text correctly
        csv.writer(buffer).writerows([neutralise(value) for value in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    # XlsxWriter in constant-memory mode: rows go out as they come, several times faster than openpyxl. Every
    # cell is written as the text the user typed; without strings_to_formulas=False XlsxWriter would store
    # "=…" as a formula. Typed cells need no apostrophe, so the text survives a round trip through the import.
    book = xlsxwriter.Workbook(
        buffer, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = book.add_worksheet(str(sheet_name)[:31])
    for index, row in enumerate(rows):
        sheet.write_row(index, 0, row)
    book.close()
    return buffer.getvalue()


class _Requester:
    """What a FilterSet needs of a request when a worker rebuilds it: the user whose scope applies."""

    def __init__(self, user):
        self.user = user


def filtered_queryset(view_class, user, query):
    """The list's rows for `user` under the saved filter `query`, exactly as the list page shows them."""
    queryset = view_class.queryset.restrict(user, VIEW)
    filterset = view_class.filterset(QueryDict(query) or None, queryset=queryset, request=_Requester(user))
    if filterset.is_bound and not filterset.is_valid():
        return queryset.none()
    return filterset.qs


def needs_job(queryset, fmt="csv"):
    # A PDF costs far more per row than a spreadsheet, so it goes to a background job much sooner.
    limit = getattr(settings, "EXPORT_PDF_SYNC_LIMIT", 300) if fmt == "pdf" else settings.EXPORT_SYNC_LIMIT
    return queryset.count() > limit


def export_job_create(*, user, target, query, fmt):
    from .models import ExportJob
    from .tasks import enqueue_job, run_export_job

    job = ExportJob.objects.create(user=user, target=target, query=query, fmt=fmt)
    enqueue_job(run_export_job, job)
    return job


def export_job_run(*, job_id):
    from .models import ExportJob

    job = ExportJob.objects.select_related("user").get(pk=job_id)
    job.state = ExportJob.State.RUNNING
    job.save(update_fields=["state"])
    if job.target not in registry.lists:
        # A worker has not loaded the URLconf, where each app's ModelViews registers its lists.
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - imported for its registrations
    view_class = registry.lists[job.target]
    model = view_class.queryset.model
    queryset = filtered_queryset(view_class, job.user, job.query)
    content = export_content(view_class.resource(user=job.user), queryset, job.fmt, model._meta.verbose_name)
    job.filename = export_filename(model._meta.verbose_name, job.fmt)
    job.rows = queryset.count()
    job.file.save(f"export-{job.pk}.{job.fmt}", ContentFile(content), save=False)
    job.state = ExportJob.State.DONE
    job.finished = timezone.now()
    job.save()
    return job
