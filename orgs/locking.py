"""Serialised tree writes.

MPTT keeps lft/rght/tree_id by shifting whole ranges of rows; two writers computing those shifts from the
same stale snapshot corrupt the tree (NetBox issue #12336). Every tree write therefore runs inside
`tree_lock()`: on PostgreSQL a transaction-scoped advisory lock per tree (plus one for creating new trees),
taken before any tree row is read, so each writer sees the previous writer's committed shifts.
SQLite serialises writers on its own: a write transaction there locks the whole file.
"""

from contextlib import contextmanager

from django.db import connection, transaction

# An arbitrary namespace so that our advisory locks never collide with another application's.
LOCK_NAMESPACE = 7_190_617
NEW_TREE_KEY = 0


@contextmanager
def tree_lock(*tree_ids):
    with transaction.atomic():
        if connection.vendor == "postgresql":
            keys = sorted({int(t) for t in tree_ids if t is not None}) or [NEW_TREE_KEY]
            with connection.cursor() as cursor:
                for key in keys:  # in order, so two writers locking the same pair cannot deadlock
                    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, key])
        yield
