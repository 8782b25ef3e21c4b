"""Backup and restore of the whole database, for `indsats backup` and `indsats restore`.

SQLite: SQLite's online backup API copies the database page by page, consistent even while
the server writes (WAL). PostgreSQL: `pg_dump`/`pg_restore` in the custom format, found on
PATH. A restore first reads which migrations the file has applied and refuses a file from a
newer version of Indsats (a migration this code does not know); an older file is migrated up
after the restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """The backup or restore cannot be made; the message is Danish and says what to do."""


def _pg_environment() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = []
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} findes ikke på PATH. Installér PostgreSQL' klientprogrammer (Debian: "
            f"postgresql-client) i samme version som serveren eller nyere."
        )
    return path


def _run(command: list[str], env: dict) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} fejlede: {done.stderr.strip()}")
    return done.stdout


def backup(path: Path) -> str:
    """Write a backup of the database to ``path``; returns a description of what was done."""
    path = Path(path)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        tmp = path.with_name(path.name + ".tmp")
        tmp.unlink(missing_ok=True)
        target = sqlite3.connect(tmp)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        tmp.replace(path)
        return f"SQLite-sikkerhedskopi skrevet til {path}"
    if connection.vendor == "postgresql":
        env, args = _pg_environment()
        _run(
            [
                _tool("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "--file",
                str(path),
                connection.settings_dict["NAME"],
            ],
            env,
        )
        return f"PostgreSQL-sikkerhedskopi (pg_dump, custom format) skrevet til {path}"
    raise BackupError(f"Databasen {connection.vendor} kan ikke sikkerhedskopieres.")


def _kind(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(
        f"Filen {path} er ikke en sikkerhedskopi fra indsats backup (hverken en SQLite-database "
        f"eller pg_dump i custom format)."
    )


def migrations_in(path: Path) -> set[tuple[str, str]]:
    """The (app, migration) pairs the backup in ``path`` has applied."""
    kind = _kind(path)
    if kind == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return set(source.execute("SELECT app, name FROM django_migrations"))
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"Filen {path} har ingen Indsats-database: {exc}") from exc
        finally:
            source.close()
    text = _run(
        [_tool("pg_restore"), "--data-only", "--table=django_migrations", "--file=-", str(path)],
        dict(os.environ),
    )
    pairs = set()
    copying = False
    for line in text.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            copying = True
            continue
        if copying:
            if line == "\\.":
                break
            fields = line.split("\t")
            pairs.add((fields[1], fields[2]))
    if not pairs:
        raise BackupError(f"Filen {path} har ingen Indsats-database (ingen migreringer).")
    return pairs


def known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def restore(path: Path) -> str:
    """Replace the database with the backup in ``path`` and migrate it up to this version.
    Refuses (changing nothing) a file of the other database kind or from a newer version."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Filen {path} findes ikke.")
    kind = _kind(path)
    if kind != connection.vendor:
        raise BackupError(
            f"Filen {path} er en {kind}-sikkerhedskopi, men databasen er {connection.vendor}. "
            f"Gendan den i en database af samme slags."
        )
    newer = sorted(migrations_in(path) - known_migrations())
    if newer:
        names = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        raise BackupError(
            f"Filen {path} er fra en nyere version af Indsats (migreringer, denne version ikke "
            f"kender: {names}). Intet er ændret. Opgradér Indsats, og gendan så igen."
        )
    if kind == "sqlite":
        connections.close_all()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    else:
        env, args = _pg_environment()
        connections.close_all()
        _run(
            [
                _tool("pg_restore"),
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(path),
            ],
            env,
        )
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return f"Databasen er gendannet fra {path}"
