"""Set-based tree operations: checking and rebuilding lft/rght, and attaching many nodes at once.

Saving nodes one at a time costs MPTT a range update per node; seeding a province of 100,000 unions that way
takes hours. Here the nested-set numbers are computed in Python from parent links, then written in bulk,
inside the same per-tree lock that ordinary writes take.
"""

from collections import defaultdict

from django.db import connection

from core.middleware import current_request_id

from .choices import ALLOWED_CHILDREN, Level
from .locking import tree_lock
from .models import Organisation

BATCH = 2000


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


def _load(tree_id):
    rows = list(
        Organisation.objects.filter(tree_id=tree_id)
        .order_by("lft")
        .values_list("id", "parent_id", "lft", "rght", "depth", "level")
    )
    return rows


def _adjacency(rows):
    """(root id, {parent id: [child ids in current order]}) of loaded rows."""
    children = defaultdict(list)
    root = None
    for node_id, parent_id, *_rest in rows:
        if parent_id is None:
            root = node_id
        else:
            children[parent_id].append(node_id)
    return root, children


def _renumbered(rows, numbers):
    """(id, lft, rght, depth) of the existing nodes whose numbers change."""
    return [
        (node_id, *numbers[node_id])
        for node_id, _parent, lft, rght, depth, _level in rows
        if node_id in numbers and numbers[node_id] != (lft, rght, depth)
    ]


def _write_numbers(changed):
    """Store new numbers in batches of plain SQL: Django's bulk_update builds a CASE expression per row in
    Python, which takes minutes for the 100,000 rows one insert into a large province shifts."""
    if not changed:
        return
    table = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor,
                f"UPDATE {table} AS o SET lft = v.lft, rght = v.rght, depth = v.depth "
                f"FROM (VALUES %s) AS v(id, lft, rght, depth) WHERE o.id = v.id",
                changed,
                page_size=BATCH,
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET lft = %s, rght = %s, depth = %s WHERE id = %s",
                [(lft, rght, depth, node_id) for node_id, lft, rght, depth in changed],
            )


def tree_problems(tree_id, limit=20):
    """What is wrong with one tree: wrong nested-set numbers, and parent/child levels the rules forbid."""
    rows = _load(tree_id)
    problems = []
    if not rows:
        return problems
    ids = {row[0] for row in rows}
    roots = [row for row in rows if row[1] is None]
    if len(roots) != 1:
        problems.append(f"tree {tree_id}: {len(roots)} roots")
        return problems
    children = defaultdict(list)
    level_of = {row[0]: row[5] for row in rows}
    for node_id, parent_id, *_rest in rows:
        if parent_id is not None:
            if parent_id not in ids:
                problems.append(f"node {node_id}: parent {parent_id} is in another tree")
                continue
            children[parent_id].append(node_id)
            if level_of[node_id] not in ALLOWED_CHILDREN[Level(level_of[parent_id])]:
                problems.append(f"node {node_id}: level {level_of[node_id]} under {level_of[parent_id]}")
    expected = _number(roots[0][0], children)
    if len(expected) != len(rows):
        problems.append(f"tree {tree_id}: {len(rows) - len(expected)} nodes unreachable from the root")
    for node_id, _parent, lft, rght, depth, _level in rows:
        if expected.get(node_id) != (lft, rght, depth):
            problems.append(
                f"node {node_id}: has lft/rght/depth {(lft, rght, depth)}, expected {expected.get(node_id)}"
            )
        if len(problems) >= limit:
            break
    return problems


def tree_rebuild(tree_id):
    """Renumber one tree from its parent links, keeping each parent's children in their current order."""
    with tree_lock(tree_id):
        rows = _load(tree_id)
        root, children = _adjacency(rows)
        if root is None:
            return 0
        changed = _renumbered(rows, _number(root, children))
        _write_numbers(changed)
        return len(changed)


def tree_bulk_attach(tree_id, new_nodes, *, with_history=False, history_user=None):
    """Attach many unsaved nodes, each with `parent_id` set to a node of tree `tree_id`, in one go.

    New nodes must be leaves (their parents already saved). Returns the created nodes."""
    with tree_lock(tree_id):
        rows = _load(tree_id)
        root, children = _adjacency(rows)
        for index, node in enumerate(new_nodes):
            children[node.parent_id].append(("new", index))
        numbers = _number(root, children)
        changed = _renumbered(rows, numbers)
        for index, node in enumerate(new_nodes):
            node.lft, node.rght, node.depth = numbers[("new", index)]
            node.tree_id = tree_id
        # Existing nodes move right first; lft/rght carry no unique constraint, so the order is free.
        _write_numbers(changed)
        if with_history:
            from simple_history.utils import bulk_create_with_history

            created = bulk_create_with_history(
                new_nodes,
                Organisation,
                batch_size=BATCH,
                default_user=history_user,
                custom_historical_attrs={"request_id": current_request_id()},
            )
        else:
            created = Organisation.objects.bulk_create(new_nodes, batch_size=BATCH)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE orgs_organisation")
        return created
