"""`indsats backup` and `indsats restore`, run as an operator runs them: a demo database
backed up while the server runs, restored into an empty database, and every report rendered
the same before and after. On the database the suite runs on (SQLite, or PostgreSQL under
./dev test), so both are covered without skipping either."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

INDSATS = str(Path(sys.executable).with_name("indsats"))
REPORTS = [
    ("prioritisation", "ballerup", "xlsx", ["--year", "2020"]),
    ("descriptions", "ballerup", "docx", []),
    ("status", "ballerup", "xlsx", ["--as-of", "2025-11-30"]),
    ("status", "ballerup", "docx", ["--as-of", "2025-11-30"]),
    ("strategy", "frederikssund", "xlsx", ["--year", "2024"]),
    ("strategy", "frederikssund", "docx", ["--year", "2024"]),
]


class Database:
    """A database of the suite's kind, named by DATABASE_URL for the commands."""

    def __init__(self, tmp: Path, name: str):
        self.tmp = tmp
        self.data_dir = tmp / name
        self.data_dir.mkdir()
        if connection.vendor == "sqlite":
            self.url = f"sqlite:///{self.data_dir}/indsats.sqlite3"
        else:
            s = connection.settings_dict
            db = f"backup_{name}_{uuid.uuid4().hex[:8]}"
            admin(f'CREATE DATABASE "{db}"')
            auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
            self.url = f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{db}"
            self.db = db

    @property
    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("INDSATS_", "DJANGO_"))}
        env.update(
            DATABASE_URL=self.url,
            INDSATS_DATA_DIR=str(self.data_dir),
            INDSATS_ENV="development",
            DJANGO_SETTINGS_MODULE="indsats.settings",
        )
        return env

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [INDSATS, *args], env=self.env, capture_output=True, text=True, timeout=600
        )
        if check:
            assert done.returncode == 0, done.stderr
        return done

    def reports(self) -> dict:
        """Every report's content (cell values, paragraphs), rendered by the command line."""
        from docx import Document
        from openpyxl import load_workbook

        out = {}
        for kind, org, fmt, extra in REPORTS:
            path = self.tmp / f"{kind}.{fmt}"
            self.run("report", kind, "--org", org, "--format", fmt, "-o", str(path), *extra)
            if fmt == "xlsx":
                wb = load_workbook(io.BytesIO(path.read_bytes()))
                out[(kind, fmt)] = {
                    ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)]
                    for ws in wb.worksheets
                }
            else:
                doc = Document(str(path))
                out[(kind, fmt)] = [p.text for p in doc.paragraphs] + [
                    c.text for t in doc.tables for row in t.rows for c in row.cells
                ]
        return out

    def dump(self) -> str:
        return self.run(
            "manage", "dumpdata", "--exclude", "sessions", "--exclude", "contenttypes",
            "--exclude", "auth.permission", "--indent", "0",
        ).stdout  # fmt: skip

    def drop(self):
        if connection.vendor == "postgresql":
            admin(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')


def admin(sql: str) -> None:
    import psycopg

    s = connection.settings_dict
    with psycopg.connect(
        host=s["HOST"], port=s["PORT"], user=s["USER"], password=s.get("PASSWORD") or None,
        dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(sql)


@pytest.fixture
def databases(tmp_path):
    made = []

    def make(name):
        made.append(Database(tmp_path, name))
        return made[-1]

    yield make
    for db in made:
        db.drop()


def serving(db: Database):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [INDSATS, "serve", "--port", str(port)],
        env=db.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/log-ind/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    return server


@pytest.mark.django_db
def test_a_backup_of_a_running_demo_restores_into_an_empty_database_with_every_report_the_same(
    databases, tmp_path
):
    demo = databases("demo")
    demo.run("demo", "--no-serve")
    server = serving(demo)
    try:
        backup = tmp_path / "indsats.backup"
        done = demo.run("backup", "-o", str(backup))
        assert "sikkerhedskopi" in done.stdout and "skrevet til" in done.stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
    before_reports, before_dump = demo.reports(), demo.dump()

    empty = databases("empty")
    done = empty.run("restore", str(backup))
    assert "gendannet" in done.stdout
    assert empty.dump() == before_dump
    assert empty.reports() == before_reports
    assert len(before_dump) > 100_000  # the demo, not an empty database


@pytest.mark.django_db
def test_a_backup_from_a_newer_version_is_refused_and_changes_nothing(databases, tmp_path):
    source = databases("source")
    source.run("manage", "migrate", "--verbosity", "0")
    backup = tmp_path / "newer.backup"
    source.run("backup", "-o", str(backup))
    if connection.vendor == "sqlite":
        with sqlite3.connect(backup) as db:
            db.execute(
                "INSERT INTO django_migrations (app, name, applied) "
                "VALUES ('core', '9999_from_the_future', '2030-01-01')"
            )
    else:
        source.run(
            "manage", "shell", "-c",
            "from django.db import connection; connection.cursor().execute(\"INSERT INTO "
            "django_migrations (app, name, applied) VALUES ('core', '9999_from_the_future', "
            "now())\")",
        )  # fmt: skip
        source.run("backup", "-o", str(backup))
    target = databases("target")
    target.run("manage", "migrate", "--verbosity", "0")
    before = target.dump()
    done = target.run("restore", str(backup), check=False)
    assert done.returncode != 0
    assert "er fra en nyere version af Indsats" in done.stderr
    assert "core.9999_from_the_future" in done.stderr
    assert target.dump() == before


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, databases):
    target = databases("target")
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"not a backup at all")
    done = target.run("restore", str(bogus), check=False)
    assert done.returncode != 0
    assert "er ikke en sikkerhedskopi fra indsats backup" in done.stderr
