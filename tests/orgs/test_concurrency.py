"""Tree writes under concurrency, on PostgreSQL (NetBox issue #12336 is the failure this guards against).

Threads each hold their own database connection, as concurrent requests do, and write through the same
services the doors use. Skipped without PostgreSQL; a failure when REQUIRE_SERVICES=1.
"""

import contextlib
import io
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction

from orgs import services
from orgs.choices import Level
from orgs.models import Organisation
from orgs.services import organisation_create, organisation_update
from orgs.treeops import tree_problems, tree_rebuild

pytestmark = pytest.mark.services

THREADS = 8
PER_THREAD = 10


def in_threads(count, work):
    """Run work(n) in `count` threads started together; each closes its connection. Returns the errors."""
    barrier = threading.Barrier(count)
    errors = []

    def run(n):
        try:
            barrier.wait(timeout=30)
            work(n)
        except Exception as exc:  # noqa: BLE001 - collected and asserted on by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return errors


def workload(world, *, county_moves=True):
    """8 writers: each creates a township under a county and 10 grassroots unions under several parents,
    moving every third union (and half the townships, with their unions) elsewhere; two of them also move
    county B (with everything being created under it) between the prefectures. Returns the writer and the
    expected parent of every node it wrote."""
    counties = [world.county_a.pk, world.county_b.pk]
    holders = [world.county_a.pk, world.township_a.pk, world.county_b.pk, world.prefecture_a.pk, world.prefecture_b.pk]
    actors = [world.admin.pk, world.province_staff.pk]
    expected = {}
    lock = threading.Lock()

    def work(n):
        actor = get_user_model().objects.get(pk=actors[n % 2])  # a request loads its own user
        mine = {}
        township = organisation_create(
            actor=actor,
            instance=Organisation(name=f"并发街道{n}工会", level=Level.TOWNSHIP, parent_id=counties[n % 2]),
        )
        mine[township.pk] = counties[n % 2]
        places = holders + [township.pk]
        made = []
        for i in range(PER_THREAD):
            parent_id = places[(n + i) % len(places)]
            union = organisation_create(
                actor=actor,
                instance=Organisation(name=f"并发{n}号{i}工会", level=Level.GRASSROOTS, parent_id=parent_id),
            )
            made.append(union.pk)
            mine[union.pk] = parent_id
            if i % 3 == 2:
                moving = Organisation.objects.get(pk=made[i - 1])
                moving.parent_id = places[(n + i + 2) % len(places)]
                organisation_update(actor=actor, instance=moving)
                mine[moving.pk] = moving.parent_id
            if county_moves and n in (1, 5) and i in (3, 7):
                county = Organisation.objects.get(pk=world.county_b.pk)
                county.parent_id = (
                    world.prefecture_a.pk if county.parent_id == world.prefecture_b.pk else world.prefecture_b.pk
                )
                organisation_update(actor=actor, instance=county)
        if n % 2 == 0:
            moving = Organisation.objects.get(pk=township.pk)
            moving.parent_id = counties[(n + 1) % 2]
            organisation_update(actor=actor, instance=moving)
            mine[township.pk] = moving.parent_id
        with lock:
            expected.update(mine)

    return work, expected


def assert_tree_valid(world, expected):
    # Nested-set numbers and ancestor columns agree with the parent links (and check_tree says so).
    assert tree_problems() == []
    call_command("check_tree", stdout=io.StringIO())
    assert Organisation.objects.within(world.province).count() == 6 + THREADS * (PER_THREAD + 1)
    assert Organisation.objects.filter(level=Level.GRASSROOTS).count() == THREADS * PER_THREAD
    assert dict(Organisation.objects.filter(pk__in=expected).values_list("pk", "parent_id")) == expected
    # Subtree questions (the ancestor columns) are answered the same way the parent links answer them.
    for holder in Organisation.objects.exclude(level=Level.GRASSROOTS):
        by_numbers = set(holder.get_descendants().values_list("pk", flat=True))
        by_links, frontier = set(), {holder.pk}
        while frontier:
            frontier = set(Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            by_links |= frontier
        assert by_numbers == by_links, holder.name
    # Every write left its history row.
    assert Organisation.history.filter(name__startswith="并发").values("id").distinct().count() == len(expected)


def test_parallel_creates_and_moves_keep_the_tree_valid(postgres, world):
    work, expected = workload(world)
    errors = in_threads(THREADS, work)
    assert errors == []
    assert len(expected) == THREADS * (PER_THREAD + 1)
    assert_tree_valid(world, expected)


def test_a_locked_county_holds_up_only_its_own_writes(postgres, world):
    """Holding county A's tree lock (as a long write in county A does), a union created directly under county A
    waits, while one in county B, and one under a township of county A (a tree of its own), finish at once."""
    holding, release = threading.Event(), threading.Event()
    finished = {}

    def hold(n):
        with services.tree_lock(Organisation.objects.get(pk=world.county_a.pk).tree_id):
            holding.set()
            release.wait(timeout=20)

    def write(parent, key):
        def work(n):
            holding.wait(timeout=10)
            organisation_create(
                actor=None, instance=Organisation(name=f"等锁{key}工会", level=Level.GRASSROOTS, parent_id=parent.pk)
            )
            finished[key] = time.monotonic()

        return work

    results = []
    writers = (hold, write(world.county_a, "same"), write(world.county_b, "other"), write(world.township_a, "below"))
    threads = [threading.Thread(target=lambda fn=fn: results.append(in_threads(1, fn))) for fn in writers]
    for thread in threads:
        thread.start()
    assert holding.wait(timeout=10)
    deadline = time.monotonic() + 10
    while not {"other", "below"} <= set(finished) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "other" in finished, "a write in another county must not wait"
    assert "below" in finished, "a write in a township's tree must not wait for its county's tree"
    time.sleep(0.5)  # ample time for the locked write, were it not waiting
    assert "same" not in finished, "a write in the locked tree must wait for the lock"
    released = time.monotonic()
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [[], [], [], []]
    assert finished["same"] >= released
    assert tree_problems() == []


def test_a_county_move_waits_for_a_create_below_it_and_carries_it_along(postgres, world):
    """A union being created under a township when its county moves: the move waits for the create (the
    township's row is locked by it) and then carries the new union along, so no row keeps the old prefecture."""
    created, moved = threading.Event(), threading.Event()

    def create(n):
        with transaction.atomic():
            organisation_create(
                actor=None,
                instance=Organisation(name="搬迁中新建工会", level=Level.GRASSROOTS, parent_id=world.township_a.pk),
            )
            created.set()
            time.sleep(0.5)  # the move starts meanwhile and must wait

    def move(n):
        assert created.wait(timeout=10)
        county = Organisation.objects.get(pk=world.county_a.pk)
        county.parent_id = world.prefecture_b.pk
        organisation_update(actor=None, instance=county)
        moved.set()

    results = []
    threads = [threading.Thread(target=lambda fn=fn: results.append(in_threads(1, fn))) for fn in (create, move)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [[], []] and moved.is_set()
    union = Organisation.objects.get(name="搬迁中新建工会")
    assert (union.prefecture_id, union.county_id, union.township_id) == (
        world.prefecture_b.pk,
        world.county_a.pk,
        world.township_a.pk,
    )
    assert tree_problems() == []


def test_without_the_lock_the_same_workload_goes_wrong(postgres, world, monkeypatch):
    """Evidence that the lock is what keeps the tree whole: with it replaced by a plain transaction, the same
    writers corrupt lft/rght (and deadlock on each other's range updates). Concurrency is not deterministic, so
    this skips (rather than fails) when a few rounds happen not to collide; in practice the first round does."""

    @contextlib.contextmanager
    def no_lock(*tree_ids):
        with transaction.atomic():
            yield

    monkeypatch.setattr(services, "tree_lock", no_lock)
    for round_ in range(3):
        work, _expected = workload(world, county_moves=False)
        in_threads(THREADS, work)  # deadlocks and other errors are expected here
        problems = tree_problems()
        if problems:
            return  # lft/rght/depth no longer match the parent links: the corruption the lock prevents
        # Start the next round from a clean slate.
        Organisation.history.filter(name__startswith="并发").delete()
        Organisation.objects.filter(level=Level.GRASSROOTS).delete()
        Organisation.objects.filter(name__startswith="并发街道").delete()
        tree_rebuild()
        assert tree_problems() == [], round_
    pytest.skip("three unlocked rounds happened not to collide")
