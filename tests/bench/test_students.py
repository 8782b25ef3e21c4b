"""Smoke test of bench/students.py: a --small run on SQLite (made smaller still, so that it takes
seconds) finishes and reports index-backed plans (the full run is a manual benchmark)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_small_student_benchmark_runs_on_sqlite():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "students.py"), "--small", "--db", "sqlite"]
        + ["--students", "500", "--orgs", "5", "--runs", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "== sqlite: 500 students" in out
    assert "Import via: " in out
    assert "use indexes" in out and "FULL SCANS" not in out
    summary = [line.split() for line in out.splitlines() if line.startswith("sqlite ")]
    assert summary[0][1] == "500"  # the import row: all students imported
    requests = {" ".join(row[1:-3]): int(row[-1]) for row in summary[1:]}
    assert "pipeline selector" in requests
