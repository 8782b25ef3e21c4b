from django.core.management.base import BaseCommand, CommandError

from indsats.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database to a file (SQLite: online backup API, consistent while the "
        "server runs; PostgreSQL: pg_dump custom format)."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="The backup file to write.")

    def handle(self, *args, output, **options):
        try:
            self.stdout.write(backup(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
