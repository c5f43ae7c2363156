import time

from django.core.management.base import BaseCommand

from orgs.demo import fill_demo_records, seed_qinghai
from orgs.models import Organisation


class Command(BaseCommand):
    help = "Load the Qinghai demo tree, generated grassroots unions and one demo user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--grassroots", type=int, default=3000, help="grassroots unions to have (default 3000)")
        parser.add_argument("--seed", type=int, default=2017, help="random seed for generated data")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when organisations already exist")

    def handle(self, *args, grassroots, seed, if_empty, **options):
        started = time.monotonic()
        if if_empty and Organisation.objects.exists():
            self.stdout.write("已有组织数据，跳过演示数据加载（去掉 --if-empty 可补齐）。")
            return
        seed_qinghai(grassroots=grassroots, seed=seed, stdout=self.stdout)
        fill_demo_records(seed=seed, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"seed_demo 完成，用时 {time.monotonic() - started:.1f} 秒"))
