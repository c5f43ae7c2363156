import time

from django.core.management.base import BaseCommand, CommandError

from core import changes
from orgs.treeops import tree_check, tree_rebuild


def check():
    """The tree's problems, and any table whose change-stamp triggers (core.changes) are missing: without them
    a write to it would not be seen by the pages cached under the stamps."""
    problems, rows, trees = tree_check()
    problems += [f"change-stamp triggers missing on {table}" for table in changes.missing()]
    return problems, rows, trees


class Command(BaseCommand):
    help = (
        "Verify the organisation tree: one root per MPTT tree, lft/rght/depth, allowed levels and the ancestor "
        "columns against the parent links, and the change-stamp triggers; --rebuild repairs the numbering and the "
        "ancestor columns and reinstalls the triggers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="repair what the parent links determine")

    def handle(self, *args, rebuild, **options):
        started = time.monotonic()
        problems, rows, trees = check()
        if problems and rebuild:
            changes.install()
            changed = tree_rebuild()
            self.stdout.write(self.style.WARNING(f"repaired {changed} row(s) from the parent links"))
            # Repair fixes what the parent links determine; a child at a level its parent may not hold needs a person.
            problems, rows, trees = check()
        elapsed = time.monotonic() - started
        if not problems:
            self.stdout.write(f"{rows} organisation(s) in {trees} tree(s): OK ({elapsed:.2f} s)")
            return
        self.stdout.write(f"{len(problems)} problem(s){' or more' if len(problems) >= 20 else ''}, first ones:")
        for line in problems[:20]:
            self.stdout.write(f"  {line}")
        hint = "" if rebuild else "; run with --rebuild to repair what the parent links determine"
        raise CommandError(f"the organisation tree has problems{hint}")
