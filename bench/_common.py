"""What the benchmarks share: a throwaway database in a temporary data directory, timing
requests with the Django test client while counting SQL queries, profiling one request and
printing the results table."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(data_dir: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["INDSATS_DATA_DIR"] = data_dir
    os.environ.setdefault("INDSATS_ENV", "test")
    os.environ["INDSATS_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indsats.settings")
    import django

    django.setup()


def create_database(verbosity: int) -> tuple[str, object]:
    """Create the throwaway database; return a description and a teardown callable."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=verbosity, interactive=False)
        return f"SQLite {connection.settings_dict['NAME']}", lambda: None
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=verbosity, autoclobber=True)

    def teardown():
        connection.creation.destroy_test_db(old_name, verbosity=verbosity)

    return f"{connection.vendor} {test_name} (dropped afterwards)", teardown


@contextmanager
def throwaway_database(verbosity: int) -> Iterator[None]:
    """Django set up on a temporary data directory with a fresh database, dropped afterwards."""
    with tempfile.TemporaryDirectory(prefix="indsats-bench-") as data_dir:
        setup_django(data_dir)
        where, teardown = create_database(verbosity)
        try:
            print(f"Database: {where}")
            yield
        finally:
            teardown()


def measure(client, url: str, runs: int, content_type: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            elapsed = time.perf_counter() - t0
        if response.status_code != 200 or not response["Content-Type"].startswith(content_type):
            raise SystemExit(
                f"{url}: HTTP {response.status_code} {response.get('Content-Type')}"
                f"\n{response.content[:2000].decode(errors='replace')}"
            )
        times.append(elapsed * 1000)
        queries.append(len(ctx.captured_queries))
    times.sort()
    return {
        "runs": runs,
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "queries": sorted(set(queries)),
        "bytes": len(response.content),
    }


def profile(client, url: str) -> None:
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    client.get(url)
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(40)


def print_table(
    results, *, size: str, size_width: int, request_width: int, ms_width: int, grows: str
) -> None:
    """``results``: (size, request, measure() result); ``size`` heads the first column. The
    query count of each kind of request must not grow with the size (``grows`` says with what,
    e.g. "the notes")."""
    header = (
        f"{size:>{size_width}}  {'request':<{request_width}}  {'runs':>4}  "
        f"{'p50 ms':>{ms_width}}  {'p95 ms':>{ms_width}}  {'queries':>7}  {'size':>9}"
    )
    print()
    print(header)
    print("-" * len(header))
    for n, what, r in results:
        q = "/".join(str(x) for x in r["queries"])
        print(
            f"{n:>{size_width}}  {what:<{request_width}}  {r['runs']:>4}  "
            f"{r['p50']:>{ms_width}.1f}  {r['p95']:>{ms_width}.1f}  {q:>7}  "
            f"{r['bytes'] / 1024:>7.0f} kB"
        )
    by_kind: dict[str, set] = {}
    for _n, what, r in results:
        by_kind.setdefault(what, set()).update(r["queries"])
    for what, counts in by_kind.items():
        verdict = "constant" if len(counts) == 1 else f"GROWS with {grows}"
        print(f"{what}: query count {verdict} ({', '.join(map(str, sorted(counts)))})")
