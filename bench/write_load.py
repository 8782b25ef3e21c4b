"""Concurrent writers through the API against a real `indsats serve`, on the database that
DATABASE_URL names: prints requests, errors and lost updates (both should be 0).

    python bench/write_load.py                                  # SQLite named by DATABASE_URL
    python bench/write_load.py --database-url postgres://...    # an empty PostgreSQL database
    python bench/write_load.py --writers 10 --seconds 30

Each writer creates initiatives (a service that reads, then writes and audits in one
transaction: the pattern that made SQLite answer "database is locked") and renames one
initiative of its own with the version it last read. An error is any answer other than 201,
200 or a 409 for a stale version; a lost update is a 201 whose initiative is not in the
database afterwards, or a rename whose title is not the last one answered 200.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDSATS = str(Path(sys.executable).with_name("indsats"))

SETUP = """
from indsats.organisations.models import Organisation, Membership
from indsats.organisations import services as org_services
from indsats.initiatives import services as initiative_services
from django.contrib.auth import get_user_model
org = Organisation.objects.create(slug="belastning", name="Belastning Kommune", budget_year=2026)
user = get_user_model().objects.create_user("belaster", password="x" * 20)
Membership.objects.create(user=user, organisation=org, role="consultant")
theme = initiative_services.theme_get_or_create(actor=None, organisation=org, name="Belastning")
for w in range({writers}):
    initiative_services.initiative_create(
        organisation=org, actor=None, code=f"R{{w}}", title="start", theme=theme,
        funding="separate", state="proposed",
    )
_, raw = org_services.api_token_create(actor=user, organisation=org, name="belastning")
print(raw)
"""

COUNT = """
from indsats.initiatives.models import Initiative
import json
print(json.dumps({i.code: i.title for i in Initiative.objects.filter(organisation__slug="belastning")}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [INDSATS, "manage", *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


class Writer(threading.Thread):
    def __init__(self, number: int, base: str, token: str, until: float):
        super().__init__(daemon=True)
        self.number, self.base, self.token, self.until = number, base, token, until
        self.outcomes: Counter = Counter()
        self.created: list[str] = []
        self.last_title = "start"
        self.errors: list[str] = []

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def run(self) -> None:
        n = 0
        code = f"R{self.number}"
        _, listing = self.call("GET", "/initiatives?limit=500")
        items = listing.get("items", listing) if isinstance(listing, dict) else listing
        own = next(i["id"] for i in items if i["code"] == code)
        while time.monotonic() < self.until:
            n += 1
            try:
                status, _ = self.call(
                    "POST",
                    "/initiatives",
                    {"code": f"{self.number}.{n}", "title": f"Indsats {n}", "theme": "Belastning"},
                )
                self.outcomes[("create", status)] += 1
                if status == 201:
                    self.created.append(f"{self.number}.{n}")
                else:
                    self.errors.append(f"create {status}")
                status, current = self.call("GET", f"/initiatives/{own}")
                self.outcomes[("read", status)] += 1
                title = f"Omdøbt {n}"
                status, _ = self.call(
                    "PATCH",
                    f"/initiatives/{current['id']}",
                    {"title": title, "version": current["version"]},
                )
                self.outcomes[("rename", status)] += 1
                if status == 200:
                    self.last_title = title
                elif status != 409:
                    self.errors.append(f"rename {status}")
            except Exception as exc:  # noqa: BLE001 - a dropped connection is an error too
                self.outcomes[("exception", type(exc).__name__)] += 1
                self.errors.append(repr(exc))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="default: a new SQLite file")
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as data_dir:
        url = args.database_url or f"sqlite:///{data_dir}/belastning.sqlite3"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "INDSATS_DATA_DIR": data_dir,
            "INDSATS_ENV": "development",
            "INDSATS_DEBUG": "0",
        }
        manage(env, "migrate", "--verbosity", "0")
        token = manage(env, "shell", "-c", SETUP.format(writers=args.writers)).splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(
            [INDSATS, "serve", "--port", str(port), "--threads", str(args.writers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            base = f"http://127.0.0.1:{port}/api/v1"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/openapi.json", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            until = time.monotonic() + args.seconds
            writers = [Writer(w, base, token, until) for w in range(args.writers)]
            for w in writers:
                w.start()
            for w in writers:
                w.join()
        finally:
            server.terminate()
            _, server_log = server.communicate(timeout=30)
        stored = json.loads(manage(env, "shell", "-c", COUNT).splitlines()[-1])

    outcomes: Counter = Counter()
    for w in writers:
        outcomes.update(w.outcomes)
    requests = sum(outcomes.values())
    writes = sum(v for (kind, _), v in outcomes.items() if kind in ("create", "rename"))
    errors = sum(len(w.errors) for w in writers)
    lost = sum(code not in stored for w in writers for code in w.created)
    lost += sum(stored.get(f"R{w.number}") != w.last_title for w in writers)
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite (named by DATABASE_URL)"
    print(f"{engine}: {args.writers} writers, {args.seconds:g} s")
    print(f"requests {requests}, writes {writes}, errors {errors}, lost updates {lost}")
    print("answers:", dict(sorted((f"{k} {s}", v) for (k, s), v in outcomes.items())))
    if errors:
        print("first errors:", sorted(Counter(e for w in writers for e in w.errors).items())[:5])
        print(server_log[-2000:])
    sys.exit(1 if errors or lost else 0)


if __name__ == "__main__":
    main()
