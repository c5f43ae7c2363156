import time

from django.core.management.base import BaseCommand

from orgs.demo import fill_demo_records, generate_grassroots, seed_qinghai
from orgs.models import Organisation
from orgs.treeops import tree_problems


class Command(BaseCommand):
    help = (
        "Add N synthetic grassroots unions to the demo tree, set-based, for benchmarks; --records also adds "
        "registrations, six-has items, stations, homes, activities and the rest in the demo's proportions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--grassroots", type=int, required=True, help="how many grassroots unions to add")
        parser.add_argument("--seed", type=int, default=4754)
        parser.add_argument("--no-check", action="store_true", help="skip the tree check afterwards")
        parser.add_argument(
            "--records",
            action="store_true",
            help="also run every app's demo filler over the whole tree (as seed_demo does), so that every page and "
            "figure can be measured at this size",
        )

    def handle(self, *args, grassroots, seed, no_check, records, **options):
        started = time.monotonic()
        root = seed_qinghai(grassroots=0, seed=seed)
        made = generate_grassroots(root, grassroots, seed, with_history=False)
        built = time.monotonic() - started
        total = Organisation.objects.within(root).count()
        self.stdout.write(f"新增基层工会 {made} 个，树中共 {total} 个组织，用时 {built:.1f} 秒")
        if not no_check:
            checked = time.monotonic()
            problems = tree_problems()
            if problems:
                self.stderr.write("树校验失败：\n" + "\n".join(problems))
                raise SystemExit(1)
            self.stdout.write(self.style.SUCCESS(f"树校验通过（{time.monotonic() - checked:.1f} 秒）"))
        if records:
            filled = time.monotonic()
            fill_demo_records(seed=seed, stdout=self.stdout)
            self.stdout.write(f"业务记录填充完成，用时 {time.monotonic() - filled:.1f} 秒")
