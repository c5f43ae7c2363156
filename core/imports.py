"""Spreadsheet import and export, one Resource per model.

The same Resource gives the downloadable template (Chinese headers and a sheet of instructions), the
export of a filtered list, and the import: a dry run that reports every bad row with its row number, column
and reason, then, on the user's confirmation, the real run, which writes nothing unless every row is valid.
Rows are written through the model's services, so imports get the same rules, scope and history as forms.
"""

import csv
import functools
import io
import os

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.results import RowResult

from .scope import CHANGE
from .text import join_list

RESOURCES = {}
PREVIEW_ROWS = 200
MAX_ERRORS = 1000
ALLOWED_EXTENSIONS = {".xlsx": "xlsx", ".csv": "csv"}


def register_resource(label):
    """Class decorator: make a Resource available for import jobs under `label` ("app.model")."""

    def decorator(cls):
        RESOURCES[label] = cls
        return cls

    return decorator


def resource_for(label):
    return RESOURCES[label]


class ChoiceWidget(widgets.Widget):
    """A choice cell. Written as its Chinese label whatever the user's language, so that a spreadsheet
    means the same to everyone; read from the stored value or the label in any of the site's languages."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    @functools.cached_property
    def _aliases(self):
        # Built once per widget (per import), not once per cell.
        aliases = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for key, label in self.choices:
                    aliases[str(label).strip().lower()] = key
        for key, _label in self.choices:
            aliases[str(key).lower()] = key
        return aliases

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return ""
        key = self._aliases.get(text.lower())
        if key is not None:
            return key
        allowed = join_list(label for _key, label in self.choices)
        raise ValueError(_("“%(value)s”不是可选的值，可选：%(allowed)s。") % {"value": text, "allowed": allowed})

    def render(self, value, obj=None, **kwargs):
        # ScopedResource.export() renders in the site's language, so cells read the same for everyone.
        return str(dict(self.choices).get(value, value or ""))


class TextWidget(widgets.CharWidget):
    """Text cells: spreadsheets turn codes into numbers (630102000000.0); take them back as written."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


class LookupWidget(widgets.Widget):
    """A cell that names a record. Each distinct text is looked up once per import by `resolve(text)`, which
    returns the record or raises ValueError with the reason in the user's words."""

    def __init__(self, **kwargs):
        self._cache = {}
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if text not in self._cache:
            self._cache[text] = self.resolve(text)
        return self._cache[text]

    def resolve(self, text):
        raise NotImplementedError


class NamedRefWidget(LookupWidget):
    """A record (a station, a home) named by its 系统编号 or by its name, which must be unique within
    `queryset_fn()`: the importer's write scope, so nothing outside it can be named."""

    def __init__(self, queryset_fn, label, **kwargs):
        self.queryset_fn = queryset_fn
        self.label = label
        super().__init__(**kwargs)

    def resolve(self, text):
        queryset = self.queryset_fn()
        matches = list((queryset.filter(pk=int(text)) if text.isdigit() else queryset.filter(name=text))[:2])
        if not matches:
            raise ValueError(_("找不到%(what)s“%(v)s”，或它不在您的管理范围内。") % {"what": self.label, "v": text})
        if len(matches) > 1:
            raise ValueError(_("有多个%(what)s名为“%(v)s”，请改填系统编号。") % {"what": self.label, "v": text})
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, "name", value))

    def render_many(self, ids):
        model = self.queryset_fn().model
        wanted = {i for i in ids if i is not None}
        return dict(model._default_manager.filter(pk__in=wanted).values_list("pk", "name")) | {None: ""}


class BooleanWidget(widgets.Widget):
    """是/否 cells (also 有/无, 1/0, yes/no, ✓); blank is 否."""

    TRUE = {"是", "有", "1", "true", "yes", "y", "√", "✓", "已建", "已", "需要", "已跟进"}
    FALSE = {"否", "无", "0", "false", "no", "n", "", "未", "未建", "×", "不需要"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s”应填“是”或“否”。") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("是") if value else _("否")

    def render_many(self, values):
        return {value: self.render(value) for value in values}


class DateWidget(widgets.Widget):
    """Date cells as spreadsheets hold them: a real date, or text such as 2024-03-01, 2024/3/1, 2024.3.1 or
    2024年3月1日."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value, row=None, **kwargs):
        import datetime

        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s”不是有效日期，请写成 2024-03-01 的形式。") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CountWidget(widgets.Widget):
    """Whole numbers (counts of people, years, areas rounded by the model)."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip().replace(",", "")
        if text.lstrip("-").isdigit():
            return int(text)
        raise ValueError(_("“%(value)s”应为整数。") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ScopedResource(resources.ModelResource):
    """A Resource that looks rows up within the importing user's write scope and saves through services."""

    create_service = None
    update_service = None
    required = ()  # column names that must be present in an uploaded file

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        """Fields named in Meta.fields but not declared get the model's Chinese verbose name as their column
        and a widget that reads cells the way officers fill them (choices by label, 是/否, dates as written)."""
        from django.db import models

        field = super().field_from_django_field(field_name, django_field, readonly)
        with translation.override(settings.LANGUAGE_CODE):
            field.column_name = str(django_field.verbose_name)
        if django_field.choices:
            field.widget = ChoiceWidget(django_field.choices)
        elif isinstance(django_field, models.BooleanField):
            field.widget = BooleanWidget()
        elif isinstance(django_field, models.DateField) and not isinstance(django_field, models.DateTimeField):
            field.widget = DateWidget()
        elif isinstance(django_field, models.IntegerField):
            field.widget = CountWidget()
        elif isinstance(django_field, models.CharField | models.TextField):
            field.widget = TextWidget()
        return field

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def get_queryset(self):
        return self._meta.model._default_manager.restrict(self.user, CHANGE)

    def import_row(self, row, instance_loader, **kwargs):
        if all(value in (None, "") or str(value).strip() == "" for value in row.values()):
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def get_instance(self, instance_loader, row):
        """A sheet keyed by 系统编号: a blank cell is a new record; a filled one must name a record the importer
        may change (anything else would quietly become a new record, or reveal one outside their scope)."""
        if tuple(self._meta.import_id_fields) != ("id",):
            return super().get_instance(instance_loader, row)
        column = str(self.fields["id"].column_name)
        value = row.get(column)
        if value in (None, ""):
            return None
        instance = super().get_instance(instance_loader, row)
        if instance is None:
            raise ValueError(
                _("%(column)s %(id)s 不存在或不在您的管理范围内；新增记录请留空该列。")
                % {"column": column, "id": value}
            )
        return instance

    def get_chunk_size(self):
        return 2000

    def export(self, queryset=None, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super().export(queryset=queryset, **kwargs)

    def export_rows(self, queryset, chunk_size=5000):
        """Headers, then the export's rows, fast: one values_list() stream, each column rendered once per
        distinct value (widgets may offer `render_many`), instead of import-export's per-cell machinery,
        which takes minutes for a province. Renders in the site's language, like export()."""
        fields = self.get_export_fields()
        attributes = [field.attribute for field in fields]
        yield [field.column_name for field in fields]
        rows = queryset.prefetch_related(None).values_list(*attributes)
        chunk = []
        with translation.override(settings.LANGUAGE_CODE):
            for row in rows.iterator(chunk_size=chunk_size):
                chunk.append(row)
                if len(chunk) == chunk_size:
                    yield from self._render_chunk(fields, chunk)
                    chunk = []
            if chunk:
                yield from self._render_chunk(fields, chunk)

    def _render_chunk(self, fields, chunk):
        columns = []
        for index, field in enumerate(fields):
            values = {row[index] for row in chunk}
            many = getattr(field.widget, "render_many", None)
            if many is not None:
                rendered = many(values)
            else:
                rendered = {value: field.widget.render(value) for value in values}
            columns.append(rendered)
        for row in chunk:
            yield ["" if value is None else rendered[value] for value, rendered in zip(row, columns, strict=True)]

    def before_import(self, dataset, **kwargs):
        # A sheet of new records may leave out the id column; treat it as blank rather than refuse the file.
        for name in self._meta.import_id_fields:
            column = str(self.fields[name].column_name)
            if column not in (dataset.headers or []):
                dataset.append_col([""] * len(dataset), header=column)
        super().before_import(dataset, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A cell that could not be read keeps its own reason only: the model's rules would otherwise see it as
        # empty and add a second, misleading message for the same column ("must have a parent").
        unreadable = {field: list(errors) for field, errors in (import_validation_errors or {}).items()}
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            raise ValidationError(
                {field: unreadable.get(field, messages) for field, messages in exc.error_dict.items()}
            ) from None

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            type(self).create_service(actor=self.user, instance=instance)
        else:
            type(self).update_service(actor=self.user, instance=instance)

    # --- columns -----------------------------------------------------------------------------------------
    def column_for(self, field_name):
        for field in self.get_import_fields():
            if field.attribute == field_name or field.column_name == field_name:
                return field.column_name
        return "—"

    def import_columns(self):
        return [field.column_name for field in self.get_import_fields()]

    def required_columns(self):
        return list(self.required)

    def column_help(self):
        """(column, note) pairs for the instructions sheet; override to add notes."""
        return [(column, "") for column in self.import_columns()]

    class Meta:
        skip_unchanged = False
        report_skipped = False
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True
        store_row_values = True


def template_book(resource):
    """The downloadable xlsx: an empty sheet with the headers, and a sheet of instructions."""
    data = tablib.Dataset(headers=resource.import_columns(), title=str(gettext_lazy("数据")))
    help_sheet = tablib.Dataset(headers=[_("列名"), _("是否必填"), _("填写说明")], title=str(gettext_lazy("填写说明")))
    required = set(resource.required_columns())
    for column, note in resource.column_help():
        help_sheet.append([column, _("必填") if column in required else _("选填"), str(note)])
    return tablib.Databook([data, help_sheet])


def load_dataset(path, original_name):
    ext = os.path.splitext(original_name.lower())[1]
    fmt = ALLOWED_EXTENSIONS.get(ext)
    if fmt is None:
        raise ValidationError(_("只能导入 .xlsx 或 .csv 文件。"))
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        if fmt == "csv":
            return _csv_dataset(raw.decode("utf-8-sig"))
        return _xlsx_dataset(raw)
    except UnicodeDecodeError as exc:
        raise ValidationError(_("CSV 文件须为 UTF-8 编码（可在 Excel 中另存为“CSV UTF-8”）。")) from exc
    except Exception as exc:  # tablib raises many kinds on a damaged or foreign file
        raise ValidationError(_("无法读取该文件，请确认它是用模板填写的 Excel 或 CSV 文件。")) from exc


def _xlsx_dataset(raw):
    """The first sheet (not the active one: a template is often saved while its instructions sheet is open),
    with a formula cell read as the text the user typed. tablib reads the value Excel last computed instead,
    which a file written by another program does not hold, so the cell was silently imported as empty."""
    import openpyxl
    from tablib.formats._xlsx import XLSXFormat

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    dataset = tablib.Dataset()
    XLSXFormat.import_sheet(dataset, book.worksheets[0], headers=True)
    return dataset


def _csv_dataset(text):
    """A CSV as a Dataset that keeps empty lines as blank rows (tablib drops them), so that the row numbers
    reported back match the lines the user sees."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return tablib.Dataset()
    headers = rows[0]
    dataset = tablib.Dataset(headers=headers)
    for row in rows[1:]:
        while len(row) > len(headers) and row[-1] == "":
            row.pop()
        dataset.append(row + [""] * (len(headers) - len(row)))
    return dataset


def _header_errors(resource, dataset):
    headers = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
    dataset.headers = headers
    known = set(resource.import_columns())
    errors = []
    for column in resource.required_columns():
        if column not in headers:
            errors.append({"row": 1, "column": column, "message": _("缺少必填列“%(c)s”，请使用模板。") % {"c": column}})
    for column in headers:
        if column and column not in known:
            errors.append(
                {
                    "row": 1,
                    "column": column,
                    "message": _("无法识别的列“%(c)s”，该列数据不会被导入，请删除或改用模板列名。") % {"c": column},
                }
            )
    return errors


def _message_list(error):
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [(field, msg) for field, items in error.message_dict.items() for msg in items]
        return [(NON_FIELD_ERRORS, msg) for msg in error.messages]
    if isinstance(error, PermissionDenied):
        return [(NON_FIELD_ERRORS, str(error) or _("超出您的管理范围。"))]
    return [(NON_FIELD_ERRORS, _("无法处理该行：%(e)s") % {"e": error})]


def collect_errors(resource, result):
    """Every problem of every row, as {row (spreadsheet row number), column, message}."""
    errors = []
    for invalid in result.invalid_rows:
        for field, message in _message_list(invalid.error):
            column = "—" if field == NON_FIELD_ERRORS else resource.column_for(field)
            errors.append({"row": invalid.number + 1, "column": column, "message": str(message)})
    for number, row_errors in result.row_errors():
        for err in row_errors:
            for field, message in _message_list(err.error):
                column = "—" if field == NON_FIELD_ERRORS else resource.column_for(field)
                errors.append({"row": number + 1, "column": column, "message": str(message)})
    for err in result.base_errors:
        errors.append({"row": "—", "column": "—", "message": str(err.error)})
    errors.sort(key=lambda e: e["row"] if isinstance(e["row"], int) else 0)
    return errors


def import_job_run(*, job_id, commit):
    """Validate (commit=False) or write (commit=True) an import job. Writes nothing unless all rows are valid."""
    from .models import ImportJob

    job = ImportJob.objects.select_related("user").get(pk=job_id)
    State = ImportJob.State
    job.state = State.IMPORTING if commit else State.VALIDATING
    job.save(update_fields=["state"])
    resource = resource_for(job.target)(user=job.user)
    try:
        dataset = load_dataset(job.file.path, job.original_name)
    except ValidationError as exc:
        _finish(job, State.INVALID, errors=[{"row": "—", "column": "—", "message": m} for m in exc.messages])
        return job
    errors = _header_errors(resource, dataset)
    if errors:
        _finish(job, State.INVALID, errors=errors, total=len(dataset))
        return job
    result = resource.import_data(
        dataset, dry_run=not commit, use_transactions=True, rollback_on_validation_errors=True, raise_errors=False
    )
    errors = collect_errors(resource, result)
    totals = result.totals
    counts = {
        "total": len(dataset),
        "new": totals.get(RowResult.IMPORT_TYPE_NEW, 0),
        "updated": totals.get(RowResult.IMPORT_TYPE_UPDATE, 0),
    }
    if errors:
        # Nothing was written: import_data rolled the whole file back.
        _finish(job, State.INVALID, errors=errors, **counts)
        return job
    counts["total"] = counts["new"] + counts["updated"]  # blank lines, skipped, are not rows
    preview = {}
    if not commit:
        labels = {RowResult.IMPORT_TYPE_NEW: _("新增"), RowResult.IMPORT_TYPE_UPDATE: _("更新")}
        preview = {
            "headers": list(dataset.headers),
            "rows": [
                {
                    "row": number,
                    "type": str(labels.get(row.import_type, row.import_type)),
                    "values": ["" if v is None else str(v) for v in (row.row_values or {}).values()],
                }
                for number, row in enumerate(result.rows[:PREVIEW_ROWS], 1)
            ],
        }
    _finish(job, State.DONE if commit else State.VALIDATED, preview=preview, **counts)
    return job


def import_job_fail(*, job_id):
    from .models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    _finish(job, ImportJob.State.FAILED)


def _finish(job, state, errors=(), preview=None, total=0, new=0, updated=0):
    job.state = state
    job.errors = list(errors)[:MAX_ERRORS]
    job.preview = preview or {}
    job.total_rows = total
    job.new_rows = new
    job.updated_rows = updated
    job.finished = timezone.now()
    job.save()


def import_job_create(*, user, target, upload):
    """Store an uploaded file as an import job and queue its validation."""
    from .models import ImportJob
    from .tasks import enqueue_job, run_import_job

    ext = os.path.splitext(upload.name.lower())[1]
    if ext not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("只能导入 .xlsx 或 .csv 文件（当前文件：%(name)s）。") % {"name": upload.name})
    if upload.size > settings.IMPORT_MAX_FILE_SIZE:
        raise ValidationError(
            _("文件过大（%(size)d MB），上限为 %(max)d MB。")
            % {"size": upload.size // (1024 * 1024), "max": settings.IMPORT_MAX_FILE_SIZE // (1024 * 1024)}
        )
    job = ImportJob.objects.create(user=user, target=target, file=upload, original_name=upload.name[:255])
    enqueue_job(run_import_job, job, False)
    return job


def import_job_confirm(*, user, job):
    from .models import ImportJob
    from .tasks import enqueue_job, run_import_job

    if job.user_id != user.pk:
        raise PermissionDenied
    if job.state != ImportJob.State.VALIDATED:
        raise ValidationError(_("只有校验通过、尚未导入的文件才能确认导入。"))
    job.state = ImportJob.State.PENDING
    job.save(update_fields=["state"])
    enqueue_job(run_import_job, job, True)
    return job
