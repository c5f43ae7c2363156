"""`manage.py import_sheet <app.model> FILE --user USERNAME [--dry-run]`: a registered spreadsheet import from the
shell, for the sheets a province loads at once, with the same checks and report as the import page."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from core.imports import RESOURCES, import_file
from core.scope import CHANGE, has_any_scope


class Command(BaseCommand):
    help = "Import a spreadsheet (.xlsx or .csv) as USERNAME, within their write scope; nothing is written unless every row is valid."

    def add_arguments(self, parser):
        parser.add_argument("target", help="the registered import, e.g. orgs.organisation")
        parser.add_argument("file", help="an .xlsx or .csv file laid out as the page's template")
        parser.add_argument("--user", required=True, help="the user the import runs as (their scope and history)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, *args, target, file, user, dry_run, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.run(target, file, user, dry_run)

    def run(self, target, path, username, dry_run):
        if target not in RESOURCES:
            raise CommandError(
                _("没有名为“%(t)s”的导入，可用：%(all)s") % {"t": target, "all": ", ".join(sorted(RESOURCES))}
            )
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("没有名为“%(u)s”的有效用户。") % {"u": username})
        if not has_any_scope(user, CHANGE):
            raise CommandError(_("您的角色没有导入数据的权限。"))
        if not os.path.isfile(path):
            raise CommandError(_("找不到文件“%(f)s”。") % {"f": path})
        size = os.path.getsize(path)
        if size > settings.IMPORT_MAX_FILE_SIZE:
            raise CommandError(
                _("文件过大（%(size)d MB），上限为 %(max)d MB。")
                % {"size": size // (1024 * 1024), "max": settings.IMPORT_MAX_FILE_SIZE // (1024 * 1024)}
            )
        _resource, report = import_file(
            user=user, target=target, path=path, original_name=os.path.basename(path), commit=not dry_run
        )
        # With any error the whole file was rolled back: nothing was created or updated.
        written = not report.errors
        self.stdout.write(
            _("读取 %(read)d 行：新增 %(new)d，更新 %(updated)d，有误 %(rejected)d。")
            % {
                "read": report.rows_read,
                "new": report.created if written else 0,
                "updated": report.updated if written else 0,
                "rejected": report.rejected,
            }
        )
        for error in report.errors:
            self.stdout.write(
                _("第 %(row)s 行\t%(column)s\t%(message)s")
                % {"row": error["row"], "column": error["column"], "message": error["message"]}
            )
        if report.errors:
            raise CommandError(
                _("发现 %(n)d 处错误，文件中的数据一条也没有写入。请在原文件中改正后重新导入。")
                % {"n": len(report.errors)}
            )
        if dry_run:
            self.stdout.write(self.style.SUCCESS(_("校验通过，未写入（--dry-run）。")))
        else:
            self.stdout.write(self.style.SUCCESS(_("已导入。")))
