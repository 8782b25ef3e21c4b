"""Load on the whole server: N logged-in users on a five-page mix against ``indsats serve``.

    .venv/bin/python bench/load.py                              # 50 users, 60 s, 2 workers
    .venv/bin/python bench/load.py --users 20 --seconds 20 --workers 1   # waitress, one process
    .venv/bin/python bench/load.py --data-dir /tmp/demo-data    # reuse a loaded demo database

Loads the demo (``indsats demo --no-serve``) into a temporary data directory (SQLite), starts
``indsats serve --workers W --threads T`` on a free port of 127.0.0.1 (loopback only), logs N
users in (the demo's users, each with its own session) and lets them request, for --seconds, a
mix of five pages in turn: the catalogue, the prioritisation overview, the status report page,
the pipeline page and a case bank search. Prints requests per second, p50/p95 and errors per
page and overall. Then it measures a light page (the case bank search) alone for --light-seconds,
and again while four clients request the status report PDF without pause, and prints both p95s.
The server is stopped (SIGTERM to the process this script started) at the end, whatever happens.

Reports go the way the UI sends them: with the worker (the default; ``INDSATS_WORKER=1`` and
``indsats manage db_worker`` started beside the server at nice 10, as docs/operations.md's unit
runs it) a report client asks for the status PDF, gets the progress page, polls it once a second
until the file is ready and downloads it; each request asks for another report date (``?dato=``),
so every one is a new file made by the worker, never one served from the cache. With
``--no-worker`` (``INDSATS_WORKER=0``) the PDF is made inside the web request, as before issue 14.

The load generator runs in this process (threads, urllib): on a small machine it takes CPU from
the server; read the load average printed with the figures.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDSATS = [sys.executable, "-m", "indsats.cli"]
USERS = ["demo", "leder", "politiker"]
PASSWORD = "indsats-demo"  # the demo's (demo/loader.py)
MIX = [
    ("catalogue", "/o/ballerup/indsatser/"),
    ("overview", "/o/ballerup/prioritering/"),
    ("status page", "/o/ballerup/rapporter/status/"),
    ("pipeline", "/o/frederikssund/elever/"),
    ("case search", "/casebank/?q=frafald"),
]
LIGHT = "/casebank/?q=frafald"
REPORT = "/o/ballerup/rapporter/status.pdf"
POLL = re.compile(r'hx-get="(/o/ballerup/rapporter/filer/\d+/)"')
READY = re.compile(r'href="(/o/ballerup/rapporter/filer/\d+/hent/)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


class Session:
    """One logged-in user: a cookie jar and a login through the real login form."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, float]:
        status, ms, _body = self.fetch(path)
        return status, ms

    def fetch(self, path: str) -> tuple[int, float, bytes]:
        """(status, milliseconds, body) of GET ``path``, redirects followed."""
        t0 = time.perf_counter()
        body = b""
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        return status, (time.perf_counter() - t0) * 1000, body

    def report(self, path: str, stop: threading.Event) -> bool:
        """Ask for a report as the UI does; True when its file was downloaded. Without the
        worker the answer is the file itself; with it, the progress page, polled until the
        download link appears."""
        status, _ms, body = self.fetch(path)
        if status != 200:
            return False
        if body.startswith(b"%PDF"):
            return True
        while not stop.is_set():
            link = READY.search(body.decode(errors="replace"))
            if link:
                status, _ms, body = self.fetch(link.group(1))
                return status == 200 and body.startswith(b"%PDF")
            if b"file-waiting" not in body:
                return False  # failed
            time.sleep(1)
            progress = POLL.search(body.decode(errors="replace"))
            if not progress:
                return False
            status, _ms, body = self.fetch(progress.group(1))
            if status != 200:
                return False
        return False

    def login(self, username: str) -> None:
        with self.opener.open(self.base + "/log-ind/", timeout=120) as response:
            html = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base + "/log-ind/", data=data, headers={"Referer": self.base + "/log-ind/"}
        )
        with self.opener.open(request, timeout=120) as response:
            response.read()
            if response.url.endswith("/log-ind/"):
                raise SystemExit(f"login as {username} failed")


def run_mix(base: str, users: int, seconds: float) -> dict:
    sessions = []
    for i in range(users):
        s = Session(base)
        s.login(USERS[i % len(USERS)])
        sessions.append(s)
    results: dict[str, list] = {name: [] for name, _ in MIX}
    errors: dict[str, int] = {name: 0 for name, _ in MIX}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def user(i: int, s: Session):
        k = i
        while time.monotonic() < stop:
            name, path = MIX[k % len(MIX)]
            k += 1
            status, ms = s.get(path)
            with lock:
                if status == 200:
                    results[name].append(ms)
                else:
                    errors[name] += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i, s)) for i, s in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return {"results": results, "errors": errors, "elapsed": elapsed}


def light_p95(base: str, seconds: float, background: int) -> tuple[float, int, int]:
    """p95 of the light page requested in a loop for ``seconds``, while ``background`` clients
    request the status report PDF; (p95, light requests, reports finished)."""
    stop = threading.Event()
    done = [0]
    dates = iter(range(10_000))
    lock = threading.Lock()

    def report_client():
        s = Session(base)
        s.login("demo")
        while not stop.is_set():
            with lock:
                n = next(dates)
            day = date(2026, 4, 30) - timedelta(days=n)  # a new report each time: no cache hit
            if s.report(f"{REPORT}?dato={day.isoformat()}", stop):
                done[0] += 1

    threads = [threading.Thread(target=report_client) for _ in range(background)]
    for t in threads:
        t.start()
    if background:
        time.sleep(2)  # the reports are under way
    s = Session(base)
    times = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        status, ms = s.get(LIGHT)
        if status == 200:
            times.append(ms)
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join()
    return percentile(times, 0.95), len(times), done[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--light-seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="indsats serve --workers")
    parser.add_argument("--threads", type=int, default=4, help="indsats serve --threads")
    parser.add_argument("--data-dir", help="a data directory with the demo loaded (kept)")
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="INDSATS_WORKER=0: reports made inside the web request (as before issue 14)",
    )
    args = parser.parse_args()
    if args.seconds > 600 or args.light_seconds > 300:
        raise SystemExit("keep it short: --seconds ≤ 600, --light-seconds ≤ 300")

    tmp = None
    data_dir = args.data_dir
    env = {**os.environ, "INDSATS_ENV": "test", "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)
    if data_dir is None:
        tmp = tempfile.mkdtemp(prefix="indsats-load-")
        data_dir = tmp
    env["INDSATS_DATA_DIR"] = data_dir
    env["INDSATS_WORKER"] = "0" if args.no_worker else "1"
    # one folder for the server's processes and the worker (INDSATS_ENV=test gives each process
    # a folder of its own)
    env["INDSATS_REPORT_FILES_DIR"] = str(Path(data_dir) / "report-files")
    if not (Path(data_dir) / "indsats.sqlite3").exists():
        t0 = time.perf_counter()
        subprocess.run([*INDSATS, "demo", "--no-serve"], env=env, check=True)  # noqa: S603
        print(f"Demo loaded into {data_dir} in {time.perf_counter() - t0:.0f} s")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [*INDSATS, "serve", "--host", "127.0.0.1", "--port", str(port)]
        + ["--workers", str(args.workers), "--threads", str(args.threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    if not args.no_worker:
        worker = subprocess.Popen(  # noqa: S603
            [*INDSATS, "manage", "db_worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: os.nice(10),  # noqa: PLW1509 - Nice=10 in the documented unit
        )
    try:
        deadline = time.monotonic() + 120
        while Session(base).get("/log-ind/")[0] != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.5)
        server_kind = "waitress" if args.workers == 1 else "gunicorn"
        print(
            f"Server: indsats serve --workers {args.workers} --threads {args.threads} "
            f"({server_kind}), reports "
            + ("in the request (no worker)" if args.no_worker else "by the worker (nice 10)")
            + f", {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}"
        )
        load0 = os.getloadavg()[0]
        mix = run_mix(base, args.users, args.seconds)
        load1 = os.getloadavg()[0]
        all_times = [ms for times in mix["results"].values() for ms in times]
        total_errors = sum(mix["errors"].values())
        print(
            f"\n{args.users} users, {mix['elapsed']:.0f} s, five-page mix, "
            f"load {load0:.2f}→{load1:.2f}"
        )
        print(f"{'page':<14} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
        for name, _path in MIX:
            times = mix["results"][name]
            print(
                f"{name:<14} {len(times):>8} {percentile(times, 0.5):>8.0f} "
                f"{percentile(times, 0.95):>8.0f} {mix['errors'][name]:>6}"
            )
        print(
            f"{'all':<14} {len(all_times):>8} {percentile(all_times, 0.5):>8.0f} "
            f"{percentile(all_times, 0.95):>8.0f} {total_errors:>6}"
        )
        print(f"throughput: {len(all_times) / mix['elapsed']:.1f} req/s, {total_errors} errors")

        alone, n_alone, _ = light_p95(base, args.light_seconds, 0)
        busy, n_busy, reports = light_p95(base, args.light_seconds, 4)
        print(
            f"\nlight page {LIGHT}: p95 alone {alone:.0f} ms ({n_alone} requests); "
            f"during 4 concurrent status PDFs {busy:.0f} ms ({n_busy} requests, {reports} PDFs "
            f"finished) = {busy / alone:.1f}×; load {os.getloadavg()[0]:.2f}"
        )
    finally:
        for process in (server, worker):
            if process is None:
                continue
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
