"""Inserting many new rows, and their history rows, fast.

Django's bulk_create prepares every value of every row in Python (a field method or three per cell), which
is most of the cost of writing an import of 10,000 rows, and simple-history's bulk_history_create builds a
model instance per history row on top. On PostgreSQL `create_with_history` writes both with COPY instead:
ids drawn from the table's sequence in one query, each row one line of text. Rows whose values are beyond
plain text, numbers, dates and references (JSON, files…) go through bulk_create as before, and so does every
other database. Like bulk_create, nothing here calls save() or sends signals.
"""

import datetime
import io
import re

from django.db import connection, models
from django.utils import timezone

# Field types whose Python value, as str(), is what PostgreSQL's COPY text format reads.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # DateTimeField too
    models.DecimalField,
    models.FloatField,
    models.ForeignKey,
    models.AutoField,
)
COPY_SPECIAL = re.compile(r"[\\\n\r]")  # what a COPY text value must escape (tabs are counted)
BATCH = 5000


def _plain(fields):
    return all(isinstance(f, _PLAIN) and not isinstance(f, models.JSONField) for f in fields)


def copy_text(value):
    """One value in COPY's text format (NULL, dates, escapes); PostgreSQL reads True/False as booleans."""
    if value is None:
        return "\\N"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _line(values, tabs):
    """One COPY line: the fast join, checked, and the careful one when a value holds a tab, newline or
    backslash."""
    line = "\t".join(["\\N" if v is None else str(v) for v in values])
    if COPY_SPECIAL.search(line) or line.count("\t") != tabs:
        line = "\t".join(copy_text(v) for v in values)
    return line


def copy_rows(model, columns, rows):
    """COPY `rows` (tuples in `columns` order, column names) into `model`'s table."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    tabs = len(columns) - 1
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            buffer = io.StringIO("\n".join(_line(row, tabs) for row in rows[start : start + BATCH]) + "\n")
            cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)


def copy_create(instances):
    """Insert new instances of one model with COPY, giving them their ids. PostgreSQL only."""
    model = type(instances[0])
    fields = model._meta.concrete_fields
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(instances)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    rows = []
    for instance, new_id in zip(instances, ids, strict=True):
        setattr(instance, pk.attname, new_id)
        for field in stamped:
            field.pre_save(instance, True)
        rows.append(tuple(getattr(instance, f.attname) for f in fields))
        instance._state.adding, instance._state.db = False, connection.alias
    copy_rows(model, [f.column for f in fields], rows)
    return instances


def create_with_history(instances, model, *, default_user=None, custom_historical_attrs=None, batch_size=500):
    """simple_history.utils.bulk_create_with_history, with COPY on PostgreSQL: the instances get their ids
    and one "+" history row each, stamped with `default_user` (else the request's user), one time and
    `custom_historical_attrs`."""
    from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

    instances = list(instances)
    if not instances:
        return []
    history = get_history_manager_for_model(model).model
    history_fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    if (
        connection.vendor != "postgresql"
        or not _plain(model._meta.concrete_fields)
        or not _plain(history_fields)
        or hasattr(history, "history_relation")
    ):
        return bulk_create_with_history(
            instances,
            model,
            batch_size=batch_size,
            default_user=default_user,
            custom_historical_attrs=custom_historical_attrs,
        )
    copy_create(instances)
    user = default_user or history.get_default_history_user(instances[0])
    constants = {
        "history_date": timezone.now(),
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": None,
        "history_type": "+",
        **(custom_historical_attrs or {}),
    }
    tracked = {f.attname for f in history.tracked_fields}
    picks = []
    for field in history_fields:
        if field.attname in tracked:
            picks.append((True, field.attname))
        elif field.attname in constants or field.name in constants:
            picks.append((False, constants.get(field.attname, constants.get(field.name))))
        else:
            picks.append((False, field.get_default()))
    rows = [
        tuple(getattr(instance, value) if from_row else value for from_row, value in picks) for instance in instances
    ]
    copy_rows(history, [f.column for f in history_fields], rows)
    return instances
