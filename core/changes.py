"""Change stamps: a number per area of the tree that grows with every committed write to the records of that area,
so that what is computed from an area's records (a union page's panels) can be cached under the number and is
never served after a change.

An area is a county (everything whose `county` column names it), else a prefecture (the units directly under it
that lie in no county), else the province; area 0 stands for the records that belong to no organisation (tier
rules, appraisal indicators), and area -1 holds a random epoch drawn when the database is created or restored. A union's page depends on its own area and the areas above it (targets issued by its prefecture,
stations of its county), so its key is the sum of those areas' stamps.

Every door writes through the database, so the stamps are kept by the database: `register(model, *paths)` names
how a row of a model reaches the organisations it belongs to ("organisation", "station__host", "" for an
organisation's own row), and `install()` (run after every migrate) puts one trigger per table and operation in
place, statement-level on PostgreSQL (one insert per statement, however many rows a COPY or a tree renumbering
writes), row-level on SQLite. ORM saves, admin edits, queryset updates, bulk COPY imports and raw tree updates
are therefore all seen, without any code of theirs.

A trigger appends a row (area, 1) per area a statement touched; it never updates one. The stamp of an area is the
sum of its rows' weights, so writers never wait for each other on a counter row (two imports in different
counties, or an import and an edit in the same one, proceed in parallel as before), and the sum grows exactly
when a write commits: a row becomes visible with its transaction. `compact()` folds an area's rows into one of the
same total weight (the sum, hence every cache key, stays the same), run by the periodic task.
"""

from django.db import connection as default_connection
from django.db import models, transaction

GLOBAL = 0
# A row of its own whose weight is drawn at random when a database is created or restored: part of every stamp,
# so that stamps never repeat the ones of a database restored from an older backup.
EPOCH = -1
TABLE = "core_changestamp"
ORG_TABLE = "orgs_organisation"
AREA_COLUMNS = ("county_id", "prefecture_id", "province_id")

_registry = {}  # model -> tuple of paths; () for records of no organisation (area 0)


def register(model, *paths):
    """Stamp the area of every organisation a row of `model` reaches by `paths` whenever rows are written."""
    _registry[model] = tuple(paths)
    return model


def register_portal_models():
    """Register every domain record (core.models.PortalModel) and the organisations, with the paths by which a row
    reaches organisations: its scope path, its own foreign keys to organisations, the scope path of every record it
    points at (an activity's station reaches the station's host), and what the model adds in `change_paths`
    (reverse links, e.g. a cadre to the unions it is assigned to contact; many-to-many fields, e.g. the unions a
    good-practice case involves, whose pages list it). Many-to-many link tables of those records are registered
    through their two foreign keys."""
    from django.apps import apps

    from orgs.models import Organisation

    from .models import PortalModel

    def record_paths(model):
        paths = []
        scope = getattr(model, "scope_path", None)
        if scope is not None and (scope or model is Organisation):
            paths.append(scope.removesuffix("__"))
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            related = field.related_model
            if related is Organisation and model is not Organisation:
                paths.append(field.name)
            elif issubclass(related, PortalModel) and related is not model:
                paths.append(f"{field.name}__{related.scope_path.removesuffix('__')}")
        paths.extend(getattr(model, "change_paths", ()))
        return tuple(dict.fromkeys(paths))

    register(Organisation, "")
    for model in apps.get_models(include_auto_created=True):
        if model._meta.abstract or model._meta.proxy:
            continue
        if issubclass(model, PortalModel):
            register(model, *record_paths(model))
        elif model._meta.auto_created and any(
            issubclass(f.related_model, PortalModel) for f in model._meta.concrete_fields if f.is_relation
        ):
            register(model, *record_paths(model))


def registered():
    return dict(_registry)


def area_of(row, prefix=""):
    """The SQL expression of the area of an organisation row aliased `row`."""
    return "COALESCE({})".format(", ".join(f"{row}.{prefix}{column}" for column in AREA_COLUMNS))


def area_expression(prefix=""):
    """The area of the organisation at `prefix` (e.g. "host__") as an ORM expression."""
    from django.db.models.functions import Coalesce

    return Coalesce(*(f"{prefix}{column}" for column in AREA_COLUMNS), output_field=models.BigIntegerField())


def _org_id_selects(model, paths, source, quote):
    """SELECTs of the organisation ids the rows of `source` (aliased r) reach by `paths`."""
    selects = []
    for path in paths:
        parts = path.split("__")
        current, alias, joins = model, "r", []
        for index, part in enumerate(parts):
            field = current._meta.get_field(part)
            target = field.related_model
            next_alias = f"j{index}"
            if field.concrete and (field.many_to_one or field.one_to_one):
                column = f"{alias}.{quote(field.column)}"
                if index == len(parts) - 1:
                    selects.append(f"SELECT {column} FROM {source} r {' '.join(joins)}")
                    break
                on = f"{next_alias}.{quote(target._meta.pk.column)} = {column}"
            elif field.one_to_many and index < len(parts) - 1:
                # A reverse foreign key (the rows that point at this one), e.g. a cadre's contact assignments.
                on = f"{next_alias}.{quote(field.field.column)} = {alias}.{quote(current._meta.pk.column)}"
            elif field.many_to_many and field.concrete:
                # A many-to-many field of the row (a case's unions), through its link table.
                link = f"{next_alias}m"
                joins.append(
                    f"JOIN {quote(field.remote_field.through._meta.db_table)} {link} "
                    f"ON {link}.{quote(field.m2m_column_name())} = {alias}.{quote(current._meta.pk.column)}"
                )
                column = f"{link}.{quote(field.m2m_reverse_name())}"
                if index == len(parts) - 1:
                    selects.append(f"SELECT {column} FROM {source} r {' '.join(joins)}")
                    break
                on = f"{next_alias}.{quote(target._meta.pk.column)} = {column}"
            else:
                raise ValueError(
                    f"{model._meta.label}: {path!r} must follow foreign keys or many-to-many fields to an organisation"
                )
            joins.append(f"JOIN {quote(target._meta.db_table)} {next_alias} ON {on}")
            current, alias = target, next_alias
    return selects


def areas_select(model, paths, source, quote):
    """A SELECT of the areas (column `area`, possibly repeated or NULL) the rows of `source` touch."""
    if not paths:
        return f"SELECT {GLOBAL} AS area FROM {source} r"
    parts = []
    own = [p for p in paths if p == ""]
    others = [p for p in paths if p != ""]
    if own:
        # An organisation's own row: its area as the row itself says (an UPDATE's old rows hold the old place).
        parts.append(f"SELECT {area_of('r')} AS area FROM {source} r")
    if others:
        ids = " UNION ".join(_org_id_selects(model, others, source, quote))
        parts.append(f"SELECT {area_of('o')} AS area FROM {quote(ORG_TABLE)} o WHERE o.id IN ({ids})")
    return " UNION ALL ".join(parts)


def _insert(selects):
    body = " UNION ".join(f"SELECT area FROM ({select}) s{i}" for i, select in enumerate(selects))
    return f"INSERT INTO {TABLE} (area, weight) SELECT DISTINCT area, 1 FROM ({body}) a WHERE area IS NOT NULL"


def _name(model, suffix=""):
    return f"stamp_{model._meta.db_table}{suffix}"[:63]


def _postgresql_sql(model, paths, quote):
    table = quote(model._meta.db_table)
    function = _name(model)
    new = areas_select(model, paths, "new_rows", quote)
    old = areas_select(model, paths, "old_rows", quote)
    statements = [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $stamp$
BEGIN
  IF TG_OP = 'INSERT' THEN {_insert([new])};
  ELSIF TG_OP = 'UPDATE' THEN {_insert([new, old])};
  ELSIF TG_OP = 'DELETE' THEN {_insert([old])};
  ELSE INSERT INTO {TABLE} (area, weight) VALUES ({GLOBAL}, 1);
  END IF;
  RETURN NULL;
END
$stamp$"""
    ]
    events = {
        "ins": "INSERT ON {t} REFERENCING NEW TABLE AS new_rows",
        "upd": "UPDATE ON {t} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "del": "DELETE ON {t} REFERENCING OLD TABLE AS old_rows",
        "trn": "TRUNCATE ON {t}",
    }
    for suffix, event in events.items():
        name = _name(model, "_" + suffix)
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event.format(t=table)} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    return statements


def _sqlite_sql(model, paths, quote):
    table = quote(model._meta.db_table)
    columns = [f.column for f in model._meta.concrete_fields]
    statements = []
    for suffix, event, refs in (
        ("ins", "INSERT", ("NEW",)),
        ("upd", "UPDATE", ("NEW", "OLD")),
        ("del", "DELETE", ("OLD",)),
    ):
        sources = ["(SELECT {}) ".format(", ".join(f"{ref}.{quote(c)} AS {quote(c)}" for c in columns)) for ref in refs]
        name = _name(model, "_" + suffix)
        insert = _insert([areas_select(model, paths, source, quote) for source in sources])
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {insert}; END")
    return statements


def trigger_sql(model, connection=None):
    connection = connection or default_connection
    paths = _registry[model]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        return _postgresql_sql(model, paths, quote)
    if connection.vendor == "sqlite":
        return _sqlite_sql(model, paths, quote)
    return []


def _installed(cursor, vendor):
    """(trigger, table) of every change-stamp trigger in the database."""
    pattern = "stamp\\_%"  # stamp_ followed by anything: "_" is a wildcard of LIKE, escaped
    if vendor == "postgresql":
        cursor.execute(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgname LIKE %s",
            [pattern],
        )
    elif vendor == "sqlite":
        cursor.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s ESCAPE '\\'", [pattern]
        )
    else:
        return []
    return cursor.fetchall()


def uninstall(connection=None):
    """Drop every change-stamp trigger: before a migrate (SQLite rebuilds a table to alter it, and a trigger of
    another table that names it makes the rebuild fail; a trigger naming a column a migration drops would fail
    its writes), and in install() before they are made again from the registry."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for name, table in _installed(cursor, connection.vendor):
            quote = connection.ops.quote_name
            on = f" ON {quote(table)}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}{on}")


def install(connection=None):
    """(Re)create the triggers of every registered model; idempotent, run after every migrate."""
    connection = connection or default_connection
    tables = set(connection.introspection.table_names())
    if TABLE not in tables:
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        uninstall(connection)
        for model in _registry:
            if model._meta.db_table in tables:
                for statement in trigger_sql(model, connection):
                    cursor.execute(statement)
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE area = %s", [EPOCH])
        if not cursor.fetchone()[0]:
            cursor.execute(f"INSERT INTO {TABLE} (area, weight) VALUES (%s, %s)", [EPOCH, new_epoch_weight()])


def new_epoch_weight():
    import secrets

    return secrets.randbelow(2**52) + 2**40


def missing(connection=None):
    """Registered tables without their triggers (for check_tree and the tests)."""
    connection = connection or default_connection
    if connection.vendor not in ("postgresql", "sqlite"):
        return []
    with connection.cursor() as cursor:
        present = {name for name, _table in _installed(cursor, connection.vendor)}
    wanted = ("ins", "upd", "del") + (("trn",) if connection.vendor == "postgresql" else ())
    return sorted(
        model._meta.db_table
        for model in _registry
        if any(_name(model, "_" + suffix) not in present for suffix in wanted)
    )


def stamp_subquery(*prefixes):
    """An expression: the stamp of the organisations at `prefixes` of the outer row ("" for the row itself,
    "host__" for a station's host): the sum over their areas, the areas above them and area 0, for an annotation
    of the page's own query. NULL columns match no area."""
    from django.db.models import OuterRef, Q, Subquery, Sum
    from django.db.models.functions import Coalesce

    from .models import ChangeStamp

    areas = Q(area=GLOBAL) | Q(area=EPOCH)
    for prefix in prefixes or ("",):
        for column in AREA_COLUMNS:
            areas |= Q(area=OuterRef(f"{prefix}{column}"))
    total = ChangeStamp.objects.filter(areas).order_by().values(one=models.Value(1)).annotate(s=Sum("weight"))
    return Coalesce(Subquery(total.values("s")[:1]), 0, output_field=models.BigIntegerField())


def stamp_annotations(*prefixes):
    """Annotations for the page's own query: `panel_stamp` (see stamp_subquery) and `panel_areas_<n>`, the area
    columns it summed over, which a cache key must hold with the sum (the same sum over other areas says
    nothing)."""
    from django.db.models import F

    columns = [f"{prefix}{column}" for prefix in prefixes or ("",) for column in AREA_COLUMNS]
    annotations = {f"panel_areas_{n}": F(column) for n, column in enumerate(columns)}
    annotations["panel_stamp"] = stamp_subquery(*prefixes)
    return annotations


def stamp_of(obj):
    """(stamp, areas) of an object loaded with stamp_annotations(), or None."""
    loaded = obj.__dict__
    if "panel_stamp" not in loaded:
        return None
    areas = []
    while f"panel_areas_{len(areas)}" in loaded:
        areas.append(loaded[f"panel_areas_{len(areas)}"])
    return loaded["panel_stamp"], tuple(areas)


def compact(connection=None):
    """Fold each area's stamp rows into one row of the same weight, so that a page's sum reads one row per area.
    Readers see the same sums throughout: the rows deleted are exactly the rows whose weights the new row carries
    (DELETE … RETURNING, in one transaction), and rows a writer adds meanwhile are left alone. Returns the number
    of rows removed."""
    connection = connection or default_connection
    removed = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT area FROM {TABLE} WHERE area <> %s GROUP BY area HAVING COUNT(*) > 1", [EPOCH])
        areas = [row[0] for row in cursor.fetchall()]
    for area in areas:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE area = %s RETURNING weight", [area])
            weights = [row[0] for row in cursor.fetchall()]
            if weights:
                cursor.execute(f"INSERT INTO {TABLE} (area, weight) VALUES (%s, %s)", [area, sum(weights)])
                removed += len(weights) - 1
    return removed
