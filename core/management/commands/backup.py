from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (MEDIA_ROOT) into one directory, with checksums."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="directory under which the backup directory is created")

    def handle(self, *args, destination, **options):
        try:
            path = backup_create(destination=destination)
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(str(path))
