"""Validation of many records at once, as imports and bulk services need it.

`full_clean()` asks the database one or more questions per record (does the referenced row exist, is this
value unique, what do the neighbours look like). For a sheet of 10,000 rows that is tens of thousands of
queries. `validate_many()` runs the same rules with a fixed number of queries per batch:

- references that hold a loaded record (found by an import's lookup, within scope) are not fetched again;
- unique fields, `unique_together` and `UniqueConstraint`s are checked with one query per constraint for the
  whole batch, and against the other records of the batch;
- a model whose rules read other rows offers them set-based: `clean_row()` for what one record decides by
  itself and a classmethod `clean_rows(instances)` returning {index: {field: [messages]}}, with `clean()`
  calling both for one record so that forms and the API keep using `full_clean()`. Models without that split
  get their `clean()` called per record.
"""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q


def _add(errors, field, messages):
    bucket = errors.setdefault(field, [])
    for message in messages:
        if message not in bucket:
            bucket.append(message)


def _merge(errors, exc):
    if hasattr(exc, "error_dict"):
        for field, items in exc.message_dict.items():
            _add(errors, field, items)
    else:
        _add(errors, NON_FIELD_ERRORS, exc.messages)


def _clean_fields(instance, exclude):
    """Model.clean_fields() without a query per reference: a reference whose record is loaded exists. A model
    with core.models.CheckedFieldsMixin gets its names normalised and its bounds (dates, integers, long text)
    checked, as its own clean_fields() would. Returns (errors, {field: the bound's message})."""
    errors, bounds = {}, {}
    bound_error = getattr(instance, "_field_bound_error", None)
    if bound_error is not None:
        from .models import _is_name
        from .text import normalise_name
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        if bound_error is not None and field.editable and _is_name(field):
            setattr(instance, field.attname, normalise_name(getattr(instance, field.attname)))
        raw = getattr(instance, field.attname)
        if field.blank and raw in field.empty_values:
            continue
        if field.is_relation and raw is not None and field.is_cached(instance):
            continue
        try:
            setattr(instance, field.attname, field.clean(raw, instance))
        except ValidationError as exc:
            _add(errors, field.name, exc.messages)
            continue
        if bound_error is not None and field.editable:
            message = bound_error(field, getattr(instance, field.attname))
            if message:
                _add(errors, field.name, [message])
                bounds[field.name] = message
    return errors, bounds


def _matches(condition, instance):
    """Whether `instance` satisfies a constraint's simple condition (exact and isnull lookups, ~, &, |),
    evaluated in Python; None when the condition is beyond that."""
    if condition is None:
        return True
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            result = _matches(child, instance)
        else:
            lookup, expected = child
            name, _sep, op = lookup.partition("__")
            try:
                field = instance._meta.get_field(name)
            except FieldDoesNotExist:
                return None
            value = getattr(instance, field.attname)
            if op in ("", "exact"):
                if isinstance(expected, models.Model):
                    expected = expected.pk
                result = value == expected if expected is not None else value is None
            elif op == "isnull":
                result = (value is None) == bool(expected)
            else:
                return None
        if result is None:
            return None
        results.append(result)
    combined = all(results) if condition.connector == Q.AND else any(results)
    return not combined if condition.negated else combined


def _unique_sets(model, skip):
    """(fields, condition, message or None) for every uniqueness rule of `model` not in `skip`."""
    opts = model._meta
    sets = []
    for field in opts.concrete_fields:
        if field.unique and not field.primary_key and field.name not in skip:
            sets.append(((field.name,), None, None))
    for together in opts.unique_together:
        if not set(together) & skip:
            sets.append((tuple(together), None, None))
    for constraint in opts.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and not constraint.expressions:
            if set(constraint.fields) & skip:
                continue
            custom = constraint.violation_error_message != constraint.default_violation_error_message
            sets.append((tuple(constraint.fields), constraint.condition, constraint if custom else None))
    return sets


def _key(instance, names):
    values = []
    for name in names:
        value = getattr(instance, instance._meta.get_field(name).attname)
        if value is None:
            return None  # NULLs never clash
        values.append(value)
    return tuple(values)


def unique_errors(instances, skip=()):
    """{index: {field: [messages]}} for the batch's clashes with stored rows and with each other: one query
    per uniqueness rule, whatever the number of instances."""
    if not instances:
        return {}
    model = type(instances[0])
    found = {}
    for names, condition, constraint in _unique_sets(model, set(skip)):
        keyed = {}
        for index, instance in enumerate(instances):
            if condition is not None and _matches(condition, instance) is not True:
                continue
            key = _key(instance, names)
            if key is not None:
                keyed.setdefault(key, []).append(index)
        if not keyed:
            continue
        attnames = [model._meta.get_field(name).attname for name in names]
        stored = model._base_manager.all()
        if condition is not None:
            stored = stored.filter(condition)
        if len(names) == 1:
            stored = stored.filter(**{f"{attnames[0]}__in": [key[0] for key in keyed]})
        else:
            stored = stored.filter(**{f"{attnames[0]}__in": {key[0] for key in keyed}})
        taken = {}
        for row in stored.values_list("pk", *attnames):
            taken.setdefault(tuple(row[1:]), set()).add(row[0])
        field = names[0] if len(names) == 1 else names[-1]
        for key, indexes in keyed.items():
            others = taken.get(key, set())
            for index in indexes:
                instance = instances[index]
                clash = bool(others - {instance.pk}) or len(indexes) > 1
                if clash:
                    if constraint is not None:
                        message = str(constraint.get_violation_error_message())
                    else:
                        message = str(instance.unique_error_message(model, names).messages[0])
                    _add(found.setdefault(index, {}), field, [message])
    return found


def validate_many(instances, *, exclude=None):
    """Validate `instances` (all of one model) as full_clean() would, set-based. Returns {index: {field:
    [messages]}} for the invalid ones. `exclude` maps an index to the field names not to check (cells that
    could not be read, whose own reason is reported instead)."""
    exclude = exclude or {}
    if not instances:
        return {}
    model = type(instances[0])
    found = {}
    for index, instance in enumerate(instances):
        errors, bounds = _clean_fields(instance, set(exclude.get(index, ())))
        try:
            if hasattr(instance, "clean_row"):
                instance.clean_row()
            else:
                instance.clean()
        except ValidationError as exc:
            _merge(errors, exc)
        # Where the model's own rules refused the same field in their own words, those are kept alone.
        for name, message in bounds.items():
            if len(errors.get(name, ())) > 1:
                errors[name] = [m for m in errors[name] if m != message]
        if errors:
            found[index] = errors
    skip = set(getattr(model, "constraints_checked_in_clean", ()))
    batches = [unique_errors(instances, skip)]
    if hasattr(model, "clean_rows"):
        batches.append(model.clean_rows(instances))
    for batch in batches:
        for index, errors in batch.items():
            for field, messages in errors.items():
                _add(found.setdefault(index, {}), field, messages)
    for index, skipped in exclude.items():
        if index in found:
            kept = {field: messages for field, messages in found[index].items() if field not in skipped}
            if kept:
                found[index] = kept
            else:
                del found[index]
    return found


def clean_one(instance, **batch):
    """`clean()` of a model whose rules are split into `clean_row()` and the classmethod `clean_rows()`: both run
    for this one record, their messages merged per field, so forms and the API (full_clean) get exactly the rules
    of an import batch. `batch` goes to clean_rows (e.g. the related rows the record will have)."""
    errors = {}
    try:
        instance.clean_row()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for field, messages in type(instance).clean_rows([instance], **batch).get(0, {}).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def raise_many(found):
    """Raise one ValidationError for the invalid records of a bulk write, each message once."""
    if found:
        messages = []
        for errors in found.values():
            for items in errors.values():
                messages.extend(m for m in items if m not in messages)
        raise ValidationError(messages)
