from django.core.management.base import BaseCommand

from core.quality import checks, totals


class Command(BaseCommand):
    help = "Prints the number of records each data-quality check flags, over the whole database."

    def handle(self, *args, **options):
        for key, count in totals().items():
            self.stdout.write(f"{key:<30} {count:>6}  {checks[key].label}\n")
