"""The production posture, tested as an operator would run it: separate processes with the
environment docs/operations.md documents."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
TEMPLATES = SRC / "indsats" / "templates"
KEY = "k" + "9f3Qx_Lm2Vb7Tz8Wc1Yd6Hn4Rj0Pa5Se" * 2  # 67 characters, not a real one
HOST = "indsats.kommune.dk"


def directives(policy: str) -> dict[str, str]:
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))


def production_env(tmp_path, **changes) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("INDSATS_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        INDSATS_ENV="production",
        INDSATS_SECRET_KEY=KEY,
        INDSATS_ALLOWED_HOSTS=HOST,
        INDSATS_CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        DATABASE_URL=f"sqlite:///{tmp_path}/indsats.sqlite3",
        INDSATS_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="indsats.settings",
        PYTHONPATH=str(SRC),
    )
    env.update(changes)
    return {k: v for k, v in env.items() if v is not None}


def python(env: dict, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_is_clean_in_the_documented_production_configuration(tmp_path):
    done = python(
        production_env(tmp_path),
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout


@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        ({"INDSATS_DEBUG": "1"}, "INDSATS_DEBUG=1"),
        ({"INDSATS_SECRET_KEY": "kort-nøgle-på-under-50-tegn"}, "at least 50 characters"),
        ({"INDSATS_SECRET_KEY": "a" * 60}, "at least 50 characters"),  # not random
        ({"INDSATS_ALLOWED_HOSTS": None}, "INDSATS_ALLOWED_HOSTS must name"),
        ({"INDSATS_SECRET_KEY": None}, "INDSATS_SECRET_KEY must be set"),
    ],
)
def test_production_refuses_to_start_when_unsafe(tmp_path, changes, refusal):
    done = python(production_env(tmp_path, **changes), "import django; django.setup()")
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and refusal in done.stderr


LOGIN_THROUGH_THE_PROXY = f"""
import re, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
get_user_model().objects.create_user("konsulent", password="et-langt-kodeord-2025")
from django.test import Client
client = Client(enforce_csrf_checks=True, HTTP_HOST="{HOST}", HTTP_X_FORWARDED_PROTO="https")
page = client.get("/log-ind/")
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
answer = client.post(
    "/log-ind/",
    {{"username": "konsulent", "password": "et-langt-kodeord-2025", "csrfmiddlewaretoken": token}},
    HTTP_ORIGIN="https://{HOST}",
    HTTP_REFERER="https://{HOST}/log-ind/",
)
print("login", page.status_code, answer.status_code, answer.headers.get("Location"))
print("csp", page.headers["Content-Security-Policy"])
print("hsts", page.headers.get("Strict-Transport-Security"))
plain = Client(HTTP_HOST="{HOST}").get("/log-ind/")
print("plain", plain.status_code, plain.headers.get("Location"))
"""


def test_the_proxy_recipe_lets_a_user_log_in(tmp_path):
    done = python(production_env(tmp_path), LOGIN_THROUGH_THE_PROXY)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    status, answer, location = lines["login"].split()
    assert (status, answer) == ("200", "302"), done.stdout  # not 403
    assert directives(lines["csp"])["script-src"] == "'self'"
    assert lines["hsts"].startswith("max-age=31536000")
    # Without the proxy's header the request is plain HTTP: sent on to HTTPS.
    assert lines["plain"] == f"301 https://{HOST}/log-ind/"


def test_every_page_has_the_content_security_policy(client, db):
    response = client.get("/log-ind/")
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" not in attributes and "application/json" not in attributes:
                offenders.append(f"{path.name}: {match.group(0)}")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offenders += [f"{path.name}: {m}" for m in re.findall(r"hx-on", text)]
    assert offenders == []


def test_the_api_documentation_loads_swagger_ui_from_our_own_static_files(client):
    page = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in sources
    assert all(s.startswith("/") for s in sources), sources  # nothing from a CDN
    licence = SRC / "indsats" / "static" / "vendor" / "swagger-ui" / "LICENSE"
    assert "Apache License" in licence.read_text()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_sqlite_named_by_database_url_gets_the_same_options_as_the_default(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "connection.ensure_connection(); c = connection.cursor(); "
        "print(connection.settings_dict['OPTIONS']['transaction_mode'], "
        "c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    for url in (f"sqlite:///{tmp_path}/named.sqlite3", None):
        env = production_env(tmp_path, INDSATS_ENV="development", DATABASE_URL=url)
        done = python(env, code)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["IMMEDIATE", "wal", "20000"], url
