from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organisation
from orgs.treeops import tree_problems, tree_rebuild


class Command(BaseCommand):
    help = "Verify the organisation tree (lft/rght/depth and allowed levels); --rebuild renumbers it."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="renumber trees whose numbers are wrong")

    def handle(self, *args, rebuild, **options):
        broken = 0
        for tree_id, name in Organisation.objects.filter(parent=None).values_list("tree_id", "name"):
            problems = tree_problems(tree_id)
            if problems and rebuild:
                renumbered = tree_rebuild(tree_id)
                self.stdout.write(self.style.WARNING(f"{name} (tree {tree_id}): renumbered {renumbered} node(s)"))
                # Renumbering fixes lft/rght/depth; a child at a level its parent may not hold needs a person.
                problems = tree_problems(tree_id)
            if not problems:
                self.stdout.write(f"{name} (tree {tree_id}): OK")
                continue
            broken += 1
            self.stdout.write(f"{name} (tree {tree_id}): {len(problems)} problem(s), first ones:")
            for line in problems[:10]:
                self.stdout.write(f"  {line}")
        if broken:
            hint = "" if rebuild else "; run with --rebuild to repair the numbering"
            raise CommandError(f"{broken} tree(s) have problems{hint}")
