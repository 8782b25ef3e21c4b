"""``indsats serve --workers N``: gunicorn with N worker processes that answer requests (a real
server on a free loopback port, stopped at the end)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        response.read()
        return response.status


def test_serve_with_workers_runs_that_many_processes(tmp_path):
    port = free_port()
    env = {**os.environ, "INDSATS_DATA_DIR": str(tmp_path), "INDSATS_ENV": "test"}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "indsats.cli", "serve", "--workers", "2", "--threads", "2"]
        + ["--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/log-ind/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                assert get(url) == 200
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "the server did not answer in 90 s"
                time.sleep(0.5)
        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(get, [url] * 16)) == {200}
        assert len(children(server.pid)) == 2  # the gunicorn master's two workers
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0].decode()
    assert "Booting worker" in output and "Shutting down: Master" in output


def test_serve_refuses_nonsense_worker_counts():
    with pytest.raises(CommandError, match="mindst 1"):
        call_command("serve", workers=-1)


def test_the_wsgi_application_freezes_what_it_loaded():
    """indsats/wsgi.py keeps the objects loaded at start-up out of later garbage collections
    (full collections walking them were a large part of the prioritisation overview's time)."""
    import gc
    import importlib

    import indsats.wsgi

    gc.unfreeze()
    try:
        importlib.reload(indsats.wsgi)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
