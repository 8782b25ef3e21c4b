"""The ``indsats`` command: a thin front on Django's management commands.

indsats demo [--no-serve]                 load the demo organisations (and serve)
indsats serve [--port N] [--workers N]      serve Indsats (waitress; gunicorn with N processes)
indsats report prioritisation|descriptions ...
indsats import catalogue|budget|indicators FILE --org ORG [--dry-run]   (.xlsx; budget and
                                          indicators also one sheet as .csv)
indsats import students FILE [FILE …] --org ORG [--dry-run]
                                          student records (.xlsx, or one .csv per sheet)
indsats export catalogue|budget|indicators|students --org ORG -o FILE
indsats optimise --org ORG --year YEAR [--effect KEY] [--format xlsx|pdf] -o FILE
                                          the best set of initiatives within the frames
indsats remind [--org ORG] [--dry-run] [--enqueue]
                                          send the status-round reminders and weekly digests
                                          that are due (idempotent; run it every few minutes)
indsats students purge --org ORG [--apply]   delete student records past the retention
                                          period (dry run unless --apply)
indsats org create SLUG "NAVN" [--kind KIND]   create an organisation
indsats org sso SLUG --saml-metadata URL|FILE [--role-attribute NAME] [--role-map VALUE=ROLE …]
                                          [--default-role ROLE] [--no-password-login]   SAML SSO
indsats org sso SLUG --oidc-issuer URL --client-id ID --client-secret SECRET [--scopes …]
                                          [--role-attribute CLAIM] [--role-map VALUE=ROLE …] …   OIDC SSO
indsats org sso SLUG|--all --refresh-metadata   fetch SAML metadata again from its URL
indsats user invite EMAIL --org ORG --role ROLE [--print-link]
                                          invite a person (member once they accept)
indsats backup -o FILE                    back up the database (SQLite online backup; PostgreSQL pg_dump)
indsats restore FILE                      replace the database with a backup (stop the server first)
indsats manage COMMAND ...                any Django management command (migrate, createsuperuser …)
"""

import os
import sys

ALIASES = {"import": "importdata", "export": "exportdata"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indsats.settings")
    from django.core.management import execute_from_command_line

    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    if argv[0] == "manage":
        argv = argv[1:]
    else:
        argv[0] = ALIASES.get(argv[0], argv[0])
    if argv and argv[0] not in {"migrate", "demo", "makemigrations", "backup", "restore"}:
        _migrate_quietly()
    execute_from_command_line(["indsats", *argv])


def _migrate_quietly() -> None:
    """Commands work on a fresh database: apply any pending migrations first (SQLite default)."""
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


if __name__ == "__main__":
    main()
