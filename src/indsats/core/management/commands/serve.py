"""``indsats serve``: one waitress process (the demo, any platform), or with ``--workers N``
(N > 1) gunicorn with N worker processes of ``--threads`` threads each (Linux/Unix), so every
core serves requests and one slow request holds one worker, not the whole server."""

import os

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Serve Indsats: waitress in one process, or gunicorn with --workers N processes "
        "(static files through WhiteNoise)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="threads per process")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes; 1 = waitress, more = gunicorn (Linux), 0 = one per core",
        )
        parser.add_argument("--timeout", type=int, default=120, help="gunicorn worker timeout")
        parser.add_argument("--login", default="", help=argparse_suppress())

    def handle(self, *args, host, port, threads, workers, timeout, login, **options):
        if workers == 0:
            workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
        if workers < 1 or threads < 1:
            raise CommandError("--workers og --threads skal være mindst 1 (fx --workers 4).")
        shown = "localhost" if host in {"127.0.0.1", "0.0.0.0"} else host
        self.stdout.write(self.style.SUCCESS(f"\nIndsats kører på http://{shown}:{port}/"))
        if login:
            self.stdout.write(self.style.SUCCESS(f"Demo-login: {login}"))
        self.stdout.write("Stop med Ctrl+C.\n")
        self.stdout.flush()
        if workers == 1:
            from waitress import serve

            from indsats.wsgi import application

            serve(application, host=host, port=port, threads=threads, ident="Indsats", _quiet=True)
            return
        gunicorn_serve(
            bind=f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            workers=workers,
            threads=threads,
            timeout=timeout,
        )


def gunicorn_serve(**settings) -> None:
    """gunicorn in this process as the master, with ``settings`` (gthread workers)."""
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError as error:  # gunicorn is not on Windows
        raise CommandError(
            "Flere processer (--workers) kræver gunicorn, som kun findes på Linux/Unix; "
            "brug --workers 1 (waitress)."
        ) from error

    class Application(BaseApplication):
        def load_config(self):
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", None)
            self.cfg.set("errorlog", "-")
            self.cfg.set("graceful_timeout", 10)
            self.cfg.set("control_socket_disable", True)  # several servers on one host
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self):
            from indsats.wsgi import application

            return application

    Application().run()


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS
