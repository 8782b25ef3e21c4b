from django.core.management import call_command
from django.core.management.base import BaseCommand

from indsats.demo.casebank import EDITOR
from indsats.demo.loader import DEMO_PASSWORD, DEMO_USERS, load_all


class Command(BaseCommand):
    help = (
        "Migrate the database, load the demo organisations, and serve Indsats (unless --no-serve)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Only load the demo data.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve, host, port, **options):
        call_command("migrate", verbosity=0, interactive=False)
        orgs = load_all()
        self.stdout.write("Demo data loaded: " + ", ".join(f"{o.name} ({o.slug})" for o in orgs))
        username = DEMO_USERS[0][0]
        self.stdout.write(f"Case bank editor login: {EDITOR[0]} / {DEMO_PASSWORD}")
        if no_serve:
            self.stdout.write(f"Demo login: {username} / {DEMO_PASSWORD}")
            return
        call_command("serve", host=host, port=port, login=f"{username} / {DEMO_PASSWORD}")
