from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Indsats with waitress (static files through WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--login", default="", help=argparse_suppress())

    def handle(self, *args, host, port, threads, login, **options):
        from waitress import serve

        from indsats.wsgi import application

        shown = "localhost" if host in {"127.0.0.1", "0.0.0.0"} else host
        self.stdout.write(self.style.SUCCESS(f"\nIndsats kører på http://{shown}:{port}/"))
        if login:
            self.stdout.write(self.style.SUCCESS(f"Demo-login: {login}"))
        self.stdout.write("Stop med Ctrl+C.\n")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="Indsats", _quiet=True)


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS
