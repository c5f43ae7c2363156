"""Set-based tree operations: checking and repairing the tree, attaching many nodes at once, and carrying the
ancestor columns down a subtree after a move.

The shape they keep (see Organisation's docstring): every organisation that may hold others is the root of its
own small MPTT tree, grassroots unions are the leaves of their parent's tree, and the ancestor columns copy each
row's chain above it. Saving nodes one at a time costs a few queries each; seeding or importing thousands that
way takes minutes. Here the numbers are computed in Python and written in bulk, inside the same per-tree locks
that ordinary writes take.
"""

import io
import itertools
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from core.bulk import COPY_SPECIAL, copy_create, copy_text, create_with_history
from core.middleware import current_request_id

from .choices import ALLOWED_CHILDREN, ANCESTOR_COLUMNS, ANCESTOR_FIELDS, Level
from .locking import NEW_TREE_KEY, tree_lock
from .models import ANCESTOR_VALUE_KEYS, Organisation

BATCH = 2000
GRASSROOTS = str(Level.GRASSROOTS)
TABLE = Organisation._meta.db_table


def _number(root_id, children):
    """Nested-set numbers for the subtree at root_id: {id: (lft, rght, depth)}; iterative, no recursion."""
    numbers = {}
    counter = 1
    stack = [(root_id, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        if done:
            lft, _, d = numbers[node]
            numbers[node] = (lft, counter, d)
            counter += 1
            continue
        numbers[node] = (counter, None, depth)
        counter += 1
        stack.append((node, depth, True))
        for child in reversed(children.get(node, ())):
            stack.append((child, depth + 1, False))
    return numbers


def own_values(level, pk, above):
    """The ancestor columns (a tuple in ANCESTOR_FIELDS order) of a row at `level` whose parent holds `above`."""
    own = ANCESTOR_COLUMNS.get(level)
    if not own:
        return tuple(above)
    index = ANCESTOR_FIELDS.index(own)
    return (*above[:index], pk, *(None,) * (len(ANCESTOR_FIELDS) - index - 1))


def _execute_update(columns, rows):
    """UPDATE the organisation table from (id, *columns) tuples in batches of plain SQL: Django's bulk_update
    builds a CASE expression per row in Python, which takes minutes for 100,000 rows."""
    if not rows:
        return
    table = connection.ops.quote_name(TABLE)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            sets = ", ".join(f"{c} = v.{c}" for c in columns)
            execute_values(
                cursor.cursor,
                f"UPDATE {table} AS o SET {sets} FROM (VALUES %s) AS v(id, {', '.join(columns)}) WHERE o.id = v.id",
                rows,
                template="(" + ", ".join(["%s"] + ["%s::integer"] * len(columns)) + ")",
                page_size=BATCH,
            )
        else:
            sets = ", ".join(f"{c} = %s" for c in columns)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", [(*row[1:], row[0]) for row in rows])


# Carrying the chain down after a move ------------------------------------------------------------------------


def refresh_subtree_columns(node, *, old_level):
    """After `node` (saved) moved or changed level, give everything below it the new chain above it.

    A move keeps the level, and then one UPDATE on an indexed column does it (a county of 7,000 unions moved to
    another prefecture rewrites those 7,000 rows and nothing else). A change of level walks down by parent links.
    """
    if old_level == node.level:
        own = ANCESTOR_COLUMNS.get(node.level)
        if own:
            index = ANCESTOR_FIELDS.index(own)
            above = {f"{name}_id": getattr(node, f"{name}_id") for name in ANCESTOR_FIELDS[:index]}
            if above:
                Organisation.objects.filter(**{f"{own}_id": node.pk}).exclude(pk=node.pk).update(**above)
        elif node.level != Level.GRASSROOTS:
            Organisation.objects.filter(parent_id=node.pk).update(**{k: getattr(node, k) for k in ANCESTOR_VALUE_KEYS})
        return
    _carry_down({node.pk: tuple(getattr(node, k) for k in ANCESTOR_VALUE_KEYS)})


def _carry_down(tops):
    """Recompute the ancestor columns below `tops` ({id: its columns}), level by level along parent links."""
    known = dict(tops)
    frontier = list(tops)
    changed = []
    while frontier:
        rows = Organisation.objects.filter(parent_id__in=frontier).values_list(
            "pk", "parent_id", "level", *ANCESTOR_VALUE_KEYS
        )
        frontier = []
        for pk, parent_id, level, *current in rows.iterator(chunk_size=BATCH):
            values = own_values(level, pk, known[parent_id])
            if tuple(current) != values:
                changed.append((pk, *values))
            if level != Level.GRASSROOTS:
                known[pk] = values
                frontier.append(pk)
    _execute_update(ANCESTOR_VALUE_KEYS, changed)
    return len(changed)


# Attaching many nodes at once --------------------------------------------------------------------------------


def bulk_attach(new_nodes, *, with_history=False, history_user=None):
    """Save many new organisations, each with `parent_id` set to an already saved organisation, in one go.

    A grassroots union is appended as the last leaf of its parent's tree; any other organisation becomes the
    root of a new tree. Only the trees that get leaves are locked (plus the lock for new trees), parents are
    read inside the locks, and each parent's tree gets one update of its root. Returns the created nodes."""
    new_nodes = list(new_nodes)
    if not new_nodes:
        return []
    parent_ids = {node.parent_id for node in new_nodes if node.parent_id}
    leaf_parents = {node.parent_id for node in new_nodes if node.level == Level.GRASSROOTS}
    # A holder's tree id never changes while it holds anything, so it may be read before the lock.
    trees = set(Organisation.objects.filter(pk__in=leaf_parents).values_list("tree_id", flat=True))
    new_trees = any(node.level != Level.GRASSROOTS for node in new_nodes)
    with tree_lock(*trees, *([NEW_TREE_KEY] if new_trees else [])):
        parents = {
            p.pk: p
            for p in Organisation.objects.filter(pk__in=parent_ids)
            .select_for_update(no_key=True)
            .only("pk", "tree_id", "lft", "rght", "depth", "level", "tree_parent_id", *ANCESTOR_VALUE_KEYS)
        }
        next_tree = None
        if new_trees:
            next_tree = (Organisation.objects.order_by("-tree_id").values_list("tree_id", flat=True).first() or 0) + 1
        right_of = {}
        for node in new_nodes:
            parent = parents.get(node.parent_id)
            above = tuple(getattr(parent, k) for k in ANCESTOR_VALUE_KEYS) if parent else (None,) * 4
            for key, value in zip(ANCESTOR_VALUE_KEYS, own_values(node.level, None, above), strict=True):
                setattr(node, key, value)
            if node.level == Level.GRASSROOTS:
                if parent is None or parent.tree_parent_id is not None:
                    raise ValueError("a grassroots union hangs under an organisation that roots its own tree")
                right = right_of.get(parent.pk, parent.rght)
                node.tree_parent_id, node.tree_id, node.depth = parent.pk, parent.tree_id, parent.depth + 1
                node.lft, node.rght = right, right + 1
                right_of[parent.pk] = right + 2
            else:
                node.tree_parent_id, node.tree_id, node.lft, node.rght, node.depth = None, next_tree, 1, 2, 0
                next_tree += 1
        _execute_update(("rght",), [(pk, right) for pk, right in right_of.items()])
        if with_history:
            created = create_with_history(
                new_nodes,
                Organisation,
                batch_size=BATCH,
                default_user=history_user,
                custom_historical_attrs={"request_id": current_request_id()},
            )
        elif connection.vendor == "postgresql":
            created = copy_create(new_nodes)
        else:
            created = Organisation.objects.bulk_create(new_nodes, batch_size=BATCH)
        own = []
        for node in created:
            column = ANCESTOR_COLUMNS.get(node.level)
            if column:
                setattr(node, f"{column}_id", node.pk)
                own.append((node.pk, *(getattr(node, k) for k in ANCESTOR_VALUE_KEYS)))
            node._stored_place = (node.parent_id, node.level)
        _execute_update(ANCESTOR_VALUE_KEYS, own)
        _analyze_after(len(created))
        return created


LEAF_FIELDS = (
    "parent_id", "name", "credit_code", "industry", "ownership", "region_type", "address", "contact_person",
    "contact_phone",
)  # fmt: skip


def attach_leaves(parent_ids, leaves, *, with_history=False, history_user=None):
    """Append many new grassroots unions, given as tuples in LEAF_FIELDS order (any iterable, consumed once),
    to the trees of `parent_ids` (townships, counties and the other holders, each the root of its own tree).
    Returns how many were added.

    On PostgreSQL without history the rows never become model instances: the trees of all parents are locked,
    the parents' numbers read inside the locks, and each row is one line of a COPY, with its leaf numbers
    (lft/rght after the parent's last leaf), tree id, depth and ancestor columns computed in Python; then one
    UPDATE gives each parent its new rght. Elsewhere (SQLite, or with history) the tuples become instances
    for bulk_attach."""
    if connection.vendor != "postgresql" or with_history:
        nodes = [Organisation(level=Level.GRASSROOTS, **dict(zip(LEAF_FIELDS, leaf, strict=True))) for leaf in leaves]
        return len(bulk_attach(nodes, with_history=with_history, history_user=history_user))
    parent_ids = list(parent_ids)
    trees = set(Organisation.objects.filter(pk__in=parent_ids).values_list("tree_id", flat=True))
    fields = [f for f in Organisation._meta.concrete_fields if not f.primary_key]
    varying = [f for f in fields if f.attname in LEAF_FIELDS[1:]]
    constant = [f for f in fields if f.attname not in LEAF_FIELDS[1:] and f.attname not in ("lft", "rght")]
    order = [LEAF_FIELDS.index(f.attname) for f in varying]
    tabs = len(order) - 1
    region_index = LEAF_FIELDS.index("region_type")
    columns = ", ".join(connection.ops.quote_name(f.column) for f in (*varying, *constant))
    copy = f"COPY {connection.ops.quote_name(TABLE)} ({columns}, lft, rght) FROM STDIN"
    now = timezone.now()
    added = 0
    with tree_lock(*trees):
        parents = {
            p.pk: p
            for p in Organisation.objects.filter(pk__in=parent_ids)
            .select_for_update(no_key=True)
            .only("pk", "tree_id", "rght", "depth", "level", "tree_parent_id", *ANCESTOR_VALUE_KEYS)
        }
        tails = {}  # parent id → (the constant columns as COPY text, by region type), next lft
        right_of = {}
        for parent in parents.values():
            if parent.tree_parent_id is not None or parent.level == Level.GRASSROOTS:
                raise ValueError("a grassroots union hangs under an organisation that roots its own tree")
            right_of[parent.pk] = parent.rght
        with connection.cursor() as cursor:
            batch = leaves_batches(leaves, BATCH * 25)
            for chunk in batch:
                buffer = io.StringIO()
                write = buffer.write
                for leaf in chunk:
                    parent_id = leaf[0]
                    key = (parent_id, leaf[region_index])
                    tail = tails.get(key)
                    if tail is None:
                        parent = parents[parent_id]
                        template = Organisation(
                            level=Level.GRASSROOTS, parent_id=parent_id, tree_parent_id=parent_id,
                            tree_id=parent.tree_id, depth=parent.depth + 1, region_type=leaf[region_index],
                            created=now, updated=now,
                            **{k: getattr(parent, k) for k in ANCESTOR_VALUE_KEYS},
                        )  # fmt: skip
                        tail = tails[key] = "\t".join(copy_text(getattr(template, f.attname)) for f in constant)
                    text = "\t".join([leaf[n] for n in order])
                    if COPY_SPECIAL.search(text) or text.count("\t") != tabs:
                        text = "\t".join(copy_text(leaf[n]) for n in order)
                    right = right_of[parent_id]
                    right_of[parent_id] = right + 2
                    write(f"{text}\t{tail}\t{right}\t{right + 1}\n")
                buffer.seek(0)
                cursor.cursor.copy_expert(copy, buffer)
                added += len(chunk)
        _execute_update(("rght",), [(pk, right) for pk, right in right_of.items() if right != parents[pk].rght])
        _analyze_after(added)
    return added


def _analyze_after(added):
    """The planner's row estimates for the ancestor columns come from statistics: refresh them after adding
    a tenth of the table or more (an import of 10,000 unions into 300,000 changes them little, and ANALYZE
    reads the whole table's sample, most of a second at that size)."""
    if connection.vendor != "postgresql" or added < 1000:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [TABLE])
        row = cursor.fetchone()
        if row is None or row[0] < 0 or added * 10 >= row[0]:
            cursor.execute(f"ANALYZE {TABLE}")


def leaves_batches(iterable, size):
    """`iterable` in lists of at most `size`."""
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# Checking ----------------------------------------------------------------------------------------------------


def _check_sql():
    """One pass over the table, as SQL that PostgreSQL and SQLite both run: every row whose tree columns,
    ancestor columns or level under its parent are wrong, with what was expected.

    The nested-set test is local: a node's children, in lft order, tile its interval from lft + 1 to rght - 1
    without gaps, each one level deeper and in the same tree, every interval is proper, and (checked per tree in
    tree_check) the root's rght is twice the tree's size, which leaves no room for a leaf wider than 2."""
    level_rules = " OR ".join(
        f"(p.level = '{parent}' AND c.level IN ({', '.join(repr(str(child)) for child in sorted(children))}))"
        for parent, children in ALLOWED_CHILDREN.items()
        if children
    )
    expected = []
    for index, name in enumerate(ANCESTOR_FIELDS):
        higher = [str(level) for level, column in ANCESTOR_COLUMNS.items() if ANCESTOR_FIELDS.index(column) < index]
        expected.append(
            f"CASE WHEN c.level = '{[lv for lv, col in ANCESTOR_COLUMNS.items() if col == name][0]}' THEN c.id "
            + (f"WHEN c.level IN ({', '.join(repr(h) for h in higher)}) THEN NULL " if higher else "")
            + f"ELSE p.{name}_id END"
        )
    columns = ", ".join(f"c.{name}_id" for name in ANCESTOR_FIELDS)
    expected_list = ", ".join(expected)
    column_wrong = " OR ".join(
        f"COALESCE(c.{name}_id, 0) <> COALESCE({exp}, 0)" for name, exp in zip(ANCESTOR_FIELDS, expected, strict=True)
    )
    return f"""
        SELECT c.id, c.tree_id, c.level, p.level, c.parent_id, c.tree_parent_id, c.lft, c.rght, c.depth,
               tp.tree_id, tp.depth, COALESCE(c.prev_rght, tp.lft) + 1,
               CASE WHEN c.next_lft IS NULL THEN tp.rght - 1 END,
               {columns}, {expected_list}
        FROM (SELECT o.id, o.parent_id, o.tree_parent_id, o.tree_id, o.lft, o.rght, o.depth, o.level,
                     {", ".join(f"o.{name}_id" for name in ANCESTOR_FIELDS)},
                     LAG(o.rght) OVER siblings AS prev_rght, LEAD(o.lft) OVER siblings AS next_lft
              FROM {TABLE} o WINDOW siblings AS (PARTITION BY o.tree_parent_id ORDER BY o.lft)) c
        LEFT JOIN {TABLE} p ON p.id = c.parent_id
        LEFT JOIN {TABLE} tp ON tp.id = c.tree_parent_id
        WHERE (c.level = '{GRASSROOTS}' AND (c.tree_parent_id IS NULL OR c.tree_parent_id <> c.parent_id))
           OR (c.level <> '{GRASSROOTS}' AND c.tree_parent_id IS NOT NULL)
           OR (c.tree_parent_id IS NULL AND (c.lft <> 1 OR c.depth <> 0))
           OR (c.tree_parent_id IS NOT NULL AND (tp.tree_id <> c.tree_id OR c.depth <> tp.depth + 1
               OR c.lft <> COALESCE(c.prev_rght, tp.lft) + 1 OR (c.next_lft IS NULL AND c.rght <> tp.rght - 1)))
           OR c.rght <= c.lft
           OR (c.parent_id IS NOT NULL AND NOT ({level_rules}))
           OR {column_wrong}
        ORDER BY c.tree_id, c.lft, c.id
    """


def tree_check(limit=20):
    """What is wrong with the tree, as readable lines (at most `limit`): a tree without exactly one root, nested-set
    numbers that do not follow the parent links, a level its parent may not hold, ancestor columns that do not
    match the chain of parents. Two statements over the whole table, whatever its size. Returns (problems,
    organisations, trees)."""
    problems = []
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The window's sort of every row fits in memory instead of spilling to disk.
            cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute(
            f"SELECT tree_id, SUM(CASE WHEN tree_parent_id IS NULL THEN 1 ELSE 0 END), COUNT(*), "
            f"MAX(CASE WHEN tree_parent_id IS NULL THEN rght END) FROM {TABLE} GROUP BY tree_id ORDER BY tree_id"
        )
        per_tree = cursor.fetchall()
        for tree_id, roots, count, root_rght in per_tree:
            if roots != 1 and len(problems) < limit:
                problems.append(f"tree {tree_id}: {roots} roots")
            elif root_rght != 2 * count and len(problems) < limit:
                problems.append(f"tree {tree_id}: root rght {root_rght} for {count} node(s), expected {2 * count}")
        cursor.execute(_check_sql())
        width = len(ANCESTOR_FIELDS)
        while len(problems) < limit:
            row = cursor.fetchone()
            if row is None:
                break
            pk, tree_id, level, plevel, parent_id, tree_parent_id, lft, rght, depth = row[:9]
            tp_tree, tp_depth, want_lft, last_rght = row[9:13]
            have, want = row[13 : 13 + width], row[13 + width :]
            reasons = []
            if (level == GRASSROOTS) != (tree_parent_id is not None) or (
                tree_parent_id and tree_parent_id != parent_id
            ):
                reasons.append(f"tree parent {tree_parent_id}, expected {parent_id if level == GRASSROOTS else None}")
            if plevel is not None and level not in {str(v) for v in ALLOWED_CHILDREN[Level(plevel)]}:
                reasons.append(f"level {level} under {plevel}")
            if tree_parent_id is None and (lft != 1 or depth != 0):
                reasons.append(f"root with lft/depth {(lft, depth)}")
            if tree_parent_id is not None and (tp_tree != tree_id or depth != tp_depth + 1 or lft != want_lft):
                reasons.append(f"tree/lft/depth {(tree_id, lft, depth)}, expected {(tp_tree, want_lft, tp_depth + 1)}")
            if rght <= lft:
                reasons.append(f"rght {rght} not after lft {lft}")
            if last_rght is not None and rght != last_rght:
                reasons.append(f"last in its tree parent, rght {rght}, expected {last_rght}")
            for name, a, b in zip(ANCESTOR_FIELDS, have, want, strict=True):
                if a != b:
                    reasons.append(f"{name} {a}, expected {b}")
            problems.append(f"node {pk} (tree {tree_id}): " + "; ".join(reasons))
    return problems, sum(row[2] for row in per_tree), len(per_tree)


def tree_problems(limit=20):
    """The problems of tree_check, alone."""
    return tree_check(limit)[0]


# Repairing ---------------------------------------------------------------------------------------------------

SHAPE_COLUMNS = ("tree_parent_id", "tree_id", "lft", "rght", "depth", *ANCESTOR_VALUE_KEYS)


def reshape(rows):
    """The tree columns every row should have, from parent links and levels alone.

    `rows`: (id, parent_id, level, *SHAPE_COLUMNS) in the order siblings should keep (current tree order).
    Returns (id, *SHAPE_COLUMNS) for the rows that change. A root keeps its tree id unless another root has it.
    Pure: the data migration that split the province-wide trees uses it too."""
    by_id = {row[0]: row for row in rows}
    children = defaultdict(list)  # real hierarchy
    leaves = defaultdict(list)  # MPTT: grassroots under their parent's tree
    roots, seen_trees = [], set()
    for row in rows:
        pk, parent_id, level = row[:3]
        if parent_id is None or parent_id not in by_id:
            roots.append(pk)
        else:
            children[parent_id].append(pk)
        if level == GRASSROOTS and parent_id in by_id:
            leaves[parent_id].append(pk)
    tree_roots = [row[0] for row in rows if row[2] != GRASSROOTS or row[1] not in by_id]
    next_tree = max((row[4] or 0 for row in rows), default=0) + 1
    tree_of = {}
    for pk in tree_roots:
        current = by_id[pk][4]
        if current is None or current in seen_trees:
            current, next_tree = next_tree, next_tree + 1
        seen_trees.add(current)
        tree_of[pk] = current
    numbers = {}
    for root in tree_roots:
        for node, (lft, rght, depth) in _number(root, leaves).items():
            numbers[node] = (None if node == root else by_id[node][1], tree_of[root], lft, rght, depth)
    columns = {}
    stack = [(pk, (None,) * len(ANCESTOR_FIELDS)) for pk in roots]
    while stack:
        pk, above = stack.pop()
        columns[pk] = own_values(by_id[pk][2], pk, above)
        stack.extend((child, columns[pk]) for child in children.get(pk, ()))
    changed = []
    for row in rows:
        pk = row[0]
        # A row caught in a cycle of parent links is reached from no root: it keeps what it has, and the check
        # goes on naming it.
        want = numbers.get(pk, tuple(row[3:8])) + columns.get(pk, tuple(row[8:]))
        if want != tuple(row[3:]):
            changed.append((pk, *want))
    return changed


def tree_rebuild():
    """Repair the whole tree from parent links: tree parents, tree ids, nested-set numbers and ancestor columns.
    Keeps each parent's children in their current order. Returns the number of rows changed."""
    trees = list(Organisation.objects.order_by().values_list("tree_id", flat=True).distinct())
    with tree_lock(*trees, NEW_TREE_KEY):
        rows = list(
            Organisation.objects.order_by("tree_id", "lft", "pk").values_list(
                "pk", "parent_id", "level", *SHAPE_COLUMNS
            )
        )
        changed = reshape(rows)
        # Moving a row into a tree id another row still holds for a moment is harmless: nothing unique spans them.
        _execute_update(SHAPE_COLUMNS, changed)
        return len(changed)
