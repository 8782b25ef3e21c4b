from django.core.management.base import BaseCommand, CommandError

from indsats.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database with a backup from `indsats backup` and migrate it to this "
        "version; refuses a file from a newer version. Stop the server first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")

    def handle(self, *args, file, **options):
        try:
            self.stdout.write(restore(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
