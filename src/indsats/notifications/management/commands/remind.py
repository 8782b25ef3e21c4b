"""indsats remind [--org ORG] [--dry-run] [--enqueue]: record and send the reminders due today.
Idempotent: safe to run every few minutes (each reminder has a reason key and is sent once)."""

from django.core.management.base import BaseCommand, CommandError

from indsats.notifications.mail import deliver_pending, render
from indsats.notifications.reminders import reminders_run
from indsats.organisations.models import Organisation


class Command(BaseCommand):
    help = "Send de påmindelser, der er forfaldne i dag (statusrunder og ugens overblik)."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="kun denne organisation (kort navn)")
        parser.add_argument(
            "--dry-run", action="store_true", help="vis, hvem der ville få hvad; send intet"
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="læg kørslen i kø til baggrundsprocessen (indsats manage db_worker)",
        )

    def handle(self, *args, org=None, dry_run=False, enqueue=False, **options):
        if org and not Organisation.objects.filter(slug=org).exists():
            raise CommandError(
                f"Organisationen »{org}« findes ikke. Brug det korte navn, fx ballerup."
            )
        if enqueue:
            from indsats.notifications.tasks import remind

            result = remind.enqueue(org=org)
            self.stdout.write(f"Lagt i kø til baggrundsprocessen (opgave {result.id}).")
            return
        messages = reminders_run(org_slug=org, dry_run=dry_run)
        for message in messages:
            subject, body = render(message)
            name = (message.user.get_full_name() or message.user.username) if message.user else ""
            self.stdout.write(f"{message.to}\t{message.kind}\t{subject}\t{name}")
            if dry_run:
                for line in body.splitlines():
                    if line.startswith("- "):
                        self.stdout.write(f"    {line}")
        if dry_run:
            self.stdout.write(
                f"Tørkørsel: {len(messages)} e-mails ville blive sendt; intet er sendt."
            )
            return
        counts = deliver_pending()
        self.stdout.write(
            f"{len(messages)} nye e-mails; sendt {counts['sent']}, afvist {counts['refused']}, "
            f"venter {counts['waiting']}."
        )
