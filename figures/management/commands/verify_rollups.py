import sys
import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "重新按记录计算全部指标汇总并与已保存的汇总逐行核对（每个组织、年度、分组、指标），并用实时指标口径核对省、"
        "市(州)的合计；有任何不一致时退出码为 1。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, action="append", help=_("只核对这些年度（可重复）；默认核对已汇总的全部年度")
        )
        parser.add_argument("--build", action="store_true", help=_("先为今年及前四年生成缺少或过期的汇总"))
        parser.add_argument("--limit", type=int, default=20, help=_("最多列出多少处不一致"))

    def handle(self, *args, year, build, limit, **options):
        from figures import rollups
        from figures.models import RollupState

        started = time.monotonic()
        if build:
            from django.utils import timezone

            this_year = timezone.localdate().year
            rollups.ensure_current(*range(this_year - 4, this_year + 1))
        years = sorted(set(year or RollupState.objects.values_list("year", flat=True).distinct()))
        if not years:
            self.stdout.write(_("还没有任何指标汇总（用 --build 生成）。"))
            return
        problems = rollups.verify(years)
        for line in problems[:limit]:
            self.stdout.write(line)
        elapsed = time.monotonic() - started
        if problems:
            self.stderr.write(
                _("指标汇总核对：%(years)s，发现 %(n)s 处不一致（用时 %(s).1f 秒）。")
                % {"years": "、".join(map(str, years)), "n": len(problems), "s": elapsed}
            )
            sys.exit(1)
        self.stdout.write(
            self.style.SUCCESS(
                _("指标汇总核对：%(years)s，全部一致（用时 %(s).1f 秒）。")
                % {"years": "、".join(map(str, years)), "s": elapsed}
            )
        )
