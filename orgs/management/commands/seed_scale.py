import time

from django.core.management.base import BaseCommand

from orgs.demo import generate_grassroots, seed_qinghai
from orgs.models import Organisation
from orgs.treeops import tree_problems


class Command(BaseCommand):
    help = "Add N synthetic grassroots unions to the demo tree, set-based, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--grassroots", type=int, required=True, help="how many grassroots unions to add")
        parser.add_argument("--seed", type=int, default=4754)
        parser.add_argument("--no-check", action="store_true", help="skip the tree check afterwards")

    def handle(self, *args, grassroots, seed, no_check, **options):
        started = time.monotonic()
        root = seed_qinghai(grassroots=0, seed=seed)
        made = generate_grassroots(root.tree_id, grassroots, seed, with_history=False)
        built = time.monotonic() - started
        total = Organisation.objects.filter(tree_id=root.tree_id).count()
        self.stdout.write(f"新增基层工会 {made} 个，树中共 {total} 个组织，用时 {built:.1f} 秒")
        if not no_check:
            problems = tree_problems(root.tree_id)
            if problems:
                self.stderr.write("树校验失败：\n" + "\n".join(problems))
                raise SystemExit(1)
            self.stdout.write(self.style.SUCCESS(f"树校验通过（{time.monotonic() - started - built:.1f} 秒）"))
