import json

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the database and MEDIA_ROOT (replacing what is there), then check "
        "every table's row count and every media file's checksum against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="a backup directory (holding manifest.json)")
        parser.add_argument("--database-url", help="restore into this database instead of DATABASE_URL's")
        parser.add_argument("--media-root", help="extract the files here instead of MEDIA_ROOT")
        parser.add_argument("--check", action="store_true", help="only verify the backup's checksums")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the data")

    def handle(self, *args, source, database_url, media_root, check, yes, **options):
        try:
            manifest = backup_verify(source)
            if check:
                self.stdout.write(f"checksums ok: {json.dumps(manifest['files'])}")
                return
            if not yes and input("This replaces the database and the uploaded files. Type yes to go on: ") != "yes":
                raise CommandError("not restored")
            manifest = backup_restore(source=source, database_url=database_url, media_root=media_root)
        except BackupError as exc:
            raise CommandError(str(exc))
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"restored {len(manifest['tables'])} tables ({rows} rows) and {len(manifest['media'])} files; "
            "row counts and checksums match the backup"
        )
