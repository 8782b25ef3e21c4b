"""Benchmark the SOSU student pipeline: import of generated student records, the pipeline page
of one organisation and the national comparison across all organisations that share.

    .venv/bin/python bench/students.py --small                    # 2.000 students, seconds
    .venv/bin/python bench/students.py --db both                  # 200.000 students, 98 × 12
    .venv/bin/python bench/students.py --db postgres --students 50000 --runs 10

For each database (SQLite in a temporary directory; PostgreSQL in a throwaway cluster started
for the run in a temporary directory and stopped afterwards — or, with DATABASE_URL set, a
``test_<name>`` database on that server, created and dropped by Django's test machinery; each
database runs in its own child process) it:

1. generates the students with students.generate (seeded, the same on both databases) and
   imports every organisation's records through the real write path, whichever is there: the
   file importer (students.transfer, CSV), else students.services.student_records_apply, else a
   bulk_create loader of this script (benchmark data only); the output says which. Timed per
   organisation (generating and writing the file are not timed). Memory: ru_maxrss of the child
   process after all imports, and the tracemalloc peak of importing the largest organisation's
   records once more into a fresh organisation (tracemalloc slows Python down, so it is on only
   for that one import);
2. VACUUM ANALYZE (PostgreSQL) / ANALYZE (SQLite), then times GET /o/<org>/elever/ (the pipeline
   page) as a logged-in member of the largest organisation — or, where that page does not exist,
   students.selectors.pipeline(org) and the KPI series the reports read;
3. times the national comparison across every organisation that shares: GET
   /o/<org>/elever/sammenligning/ when it exists, else the selectors it rests on
   (cohort_counts, breakdowns ×3 and sick_leave over all organisation ids);
4. EXPLAINs every query of the one-organisation pipeline and reports any full scan of the
   student tables where an index would do.

p50/p95 in milliseconds over --runs calls after one warm-up call; the query count of each call.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import throwaway_database  # noqa: E402

STUDENT_TABLES = ("students_student", "students_studentphase", "students_absenceperiod")


# --- importing ------------------------------------------------------------------------------


class BulkLoader:
    """Benchmark data straight into the tables with bulk_create: the last resort when neither
    the file importer nor the service exists. Not a write path: no validation, no audit."""

    label = "bulk_create loader of bench/students.py (no importer or service available)"

    def prepare(self, organisation, records, directory: Path):
        return records

    def run(self, organisation, records) -> None:
        from django.db import transaction

        from indsats.students.models import AbsencePeriod, Student, StudentPhase

        with transaction.atomic():
            students = Student.objects.bulk_create(
                [
                    Student(
                        organisation=organisation,
                        key=r.key,
                        education=r.education,
                        hire_date=r.hire_date,
                        cohort_year=r.hire_date.year,
                        age_band=r.age_band,
                        origin=r.origin,
                        outcome=r.outcome,
                        outcome_date=r.outcome_date,
                        outcome_year=r.outcome_date.year if r.outcome_date else None,
                        dropout_phase=r.dropout_phase,
                        dropout_cause=r.dropout_cause,
                        hired_after=r.hired_after,
                        hired_where=r.hired_where,
                        source="bench",
                    )
                    for r in records
                ],
                batch_size=2000,
            )
            StudentPhase.objects.bulk_create(
                [
                    StudentPhase(
                        student_id=s.pk, phase=p.phase, start=p.start, end=p.end, place=p.place
                    )
                    for s, r in zip(students, records, strict=True)
                    for p in r.phases
                ],
                batch_size=5000,
            )
            AbsencePeriod.objects.bulk_create(
                [
                    AbsencePeriod(
                        student_id=s.pk,
                        start=a.start,
                        end=a.end,
                        year=a.start.year,
                        planned_days=a.planned_days,
                        sick_days=a.sick_days,
                    )
                    for s, r in zip(students, records, strict=True)
                    for a in r.absences
                ],
                batch_size=5000,
            )


class ServiceImporter:
    """students.services.student_records_apply: the write path every import goes through."""

    def __init__(self, why: str = "") -> None:
        self.label = "students.services.student_records_apply" + (f" ({why})" if why else "")

    def prepare(self, organisation, records, directory: Path):
        return records

    def run(self, organisation, records) -> None:
        from indsats.students import services

        services.student_records_apply(
            organisation=organisation, actor=None, students=records, source="bench"
        )


class FileImporter:
    """The real file importer (students.transfer.student_import) reading the organisation's
    CSV files (one per sheet, written by students.generate.write_import_files; XLSX would
    mostly time openpyxl)."""

    label = "file importer students.transfer.student_import, CSV (one file per sheet)"

    def prepare(self, organisation, records, directory: Path):
        from indsats.students.generate import write_import_files

        folder = directory / organisation.slug
        folder.mkdir(exist_ok=True)
        return write_import_files(records, folder)

    def run(self, organisation, paths) -> None:
        from indsats.students import transfer

        transfer.student_import(organisation=organisation, actor=None, file=list(paths))
        for path in paths:
            path.unlink()


def choose_importer(kind: str):
    """``kind``: "auto" (the best there is), "file", "service" or "bulk"."""
    if kind == "bulk":
        return BulkLoader()
    if kind in ("auto", "file"):
        try:
            from indsats.students import transfer
        except ImportError:
            transfer = None
        if transfer is not None and hasattr(transfer, "student_import"):
            return FileImporter()
        if kind == "file":
            raise SystemExit("students.transfer.student_import is not there")
    try:
        from indsats.students import services
    except ImportError:
        return BulkLoader()
    if hasattr(services, "student_records_apply"):
        return ServiceImporter("" if kind == "service" else "the file importer is not there")
    return BulkLoader()


# --- measuring ------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def timed(fn, runs: int) -> dict:
    """Warm up once, then time ``runs`` calls; p50/p95 in ms and the query counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times, queries = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - t0
        times.append(elapsed * 1000)
        queries.append(len(ctx.captured_queries))
    return {
        "runs": runs,
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "queries": sorted(set(queries)),
    }


def get_page(client, url: str):
    def fn():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return response

    return fn


def url_exists(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def explain(sql: str) -> list[str]:
    """The plan of one captured query, one line per node."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [row[-1] for row in cursor.fetchall()]


def full_scans(plan: list[str]) -> list[str]:
    """Nodes that read a whole student table."""
    out = []
    for line in plan:
        text = line.strip().lstrip("->").strip()
        for table in STUDENT_TABLES:
            pg = text.startswith("Seq Scan on " + table)
            lite = text.startswith("SCAN " + table) and "USING" not in text
            if pg or lite:
                out.append(text)
    return out


def check_plans(fn) -> list[dict]:
    """EXPLAIN every query ``fn`` runs; return those that touch a student table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    out = []
    for q in ctx.captured_queries:
        sql = q["sql"]
        if not any(t in sql for t in STUDENT_TABLES):
            continue
        plan = explain(sql)
        out.append({"sql": sql, "plan": plan, "full_scans": full_scans(plan)})
    return out


# --- one database ---------------------------------------------------------------------------


def run_one(args) -> dict:
    """Runs inside the child process for one database; returns the figures."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from indsats.organisations.models import Membership, Organisation
    from indsats.students import generate, selectors
    from indsats.students.models import AbsencePeriod, Student, StudentPhase

    setup_test_environment()
    importer = choose_importer(args.importer)
    print(f"Importer: {importer.label}")
    result: dict = {"db": connection.vendor, "importer": importer.label}

    sizes = generate.organisation_sizes(args.students, args.orgs, args.seed)
    orgs = [
        Organisation(
            slug=generate.organisation_slug(i),
            name=f"Elevkommune {i + 1}",
            budget_year=2026,
            share_pipeline=True,
        )
        for i in range(args.orgs)
    ]
    Organisation.objects.bulk_create(orgs)
    orgs = list(Organisation.objects.filter(slug__startswith="kommune-").order_by("slug"))

    per_org: list[float] = []
    largest = max(range(args.orgs), key=lambda i: sizes[i])
    t_all = time.perf_counter()
    gen_time = 0.0
    with tempfile.TemporaryDirectory(prefix="indsats-bench-files-") as files:
        for i, org in enumerate(orgs):
            t0 = time.perf_counter()
            records = generate.organisation_students(i, sizes[i], years=args.years, seed=args.seed)
            payload = importer.prepare(org, records, Path(files))
            gen_time += time.perf_counter() - t0
            t0 = time.perf_counter()
            importer.run(org, payload)
            per_org.append(time.perf_counter() - t0)
            if args.verbosity or (i + 1) % 10 == 0 or i + 1 == len(orgs):
                print(
                    f"  imported {i + 1}/{len(orgs)} organisations "
                    f"({sum(sizes[: i + 1])} students, {sum(per_org):.1f} s importing)",
                    flush=True,
                )
            del records, payload
        wall = time.perf_counter() - t_all
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        # Peak Python memory of one import: the largest organisation's records once more, into
        # a fresh organisation that is deleted afterwards.
        peak_org = Organisation.objects.create(slug="maaling", name="Måling", budget_year=2026)
        records = generate.organisation_students(
            largest, sizes[largest], years=args.years, seed=args.seed
        )
        payload = importer.prepare(peak_org, records, Path(files))
        tracemalloc.start()
        importer.run(peak_org, payload)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del records, payload
        peak_org.delete()

    rows = {
        "students": Student.objects.count(),
        "phases": StudentPhase.objects.count(),
        "absences": AbsencePeriod.objects.count(),
    }
    print("Rows: " + ", ".join(f"{v} {k}" for k, v in rows.items()))
    result.update(
        rows=rows,
        import_total_s=sum(per_org),
        import_wall_s=wall,
        generate_s=gen_time,
        import_p50_s=statistics.median(per_org),
        import_p95_s=percentile(per_org, 0.95),
        import_max_s=max(per_org),
        largest_students=sizes[largest],
        tracemalloc_peak_mb=peak / 1024 / 1024,
        ru_maxrss_mb=rss_mb,
    )

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in STUDENT_TABLES:
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
    result["analyze_s"] = time.perf_counter() - t0

    org = orgs[largest]
    user = get_user_model().objects.create_user(username="bench-elever", password="x")
    Membership.objects.create(user=user, organisation=org, role="consultant")
    client = Client()
    client.force_login(user)

    measurements: list[dict] = []

    def measure(name: str, what: str, fn, runs: int) -> None:
        print(f"  {name}: {what}", flush=True)
        measurements.append({"name": name, "what": what, **timed(fn, runs)})

    print(f"Pipeline of {org.slug} ({sizes[largest]} students):")
    page = f"/o/{org.slug}/elever/"
    if url_exists(page):
        measure("pipeline page", f"GET {page}", get_page(client, page), args.runs)
    from indsats.strategies.choices import PipelineKpi

    def pipeline_series():
        pipe = selectors.pipeline(org)
        for code in PipelineKpi.values:
            for education in ("", "ssh", "ssa"):
                selectors.kpi_series(pipe, code, education)
        return pipe

    measure(
        "pipeline selector",
        "students.selectors.pipeline(org) + every kpi_series",
        pipeline_series,
        args.runs,
    )
    result["plans"] = check_plans(lambda: selectors.pipeline(org))

    sharing = Organisation.objects.filter(share_pipeline=True).count()
    print(f"Comparison across the {sharing} organisations that share:")
    compare = f"/o/{org.slug}/elever/sammenligning/"
    runs = max(3, args.runs // 2)
    if url_exists(compare):
        measure("comparison page", f"GET {compare}", get_page(client, compare), runs)
        url = compare + "?kpi=sick_leave_rate"
        measure("comparison sick leave", f"GET {url}", get_page(client, url), runs)
    else:

        def selectors_all():
            share = list(
                Organisation.objects.filter(share_pipeline=True).values_list("pk", flat=True)
            )
            selectors.cohort_counts(share)
            for kind in ("cause", "phase", "place"):
                selectors.breakdowns(share, kind)
            selectors.sick_leave(share)

        measure(
            "comparison selectors",
            "cohort_counts + breakdowns ×3 + sick_leave over all sharing ids (no comparison)",
            selectors_all,
            runs,
        )
    result["measurements"] = measurements
    return result


def print_result(r: dict) -> None:
    print()
    print(
        f"== {r['db']}: {r['rows']['students']} students, {r['rows']['phases']} phases, "
        f"{r['rows']['absences']} absence periods"
    )
    print(f"Import via: {r['importer']}")
    print(
        f"  import total {r['import_total_s']:.1f} s (wall {r['import_wall_s']:.1f} s incl. "
        f"generating {r['generate_s']:.1f} s); per organisation p50 {r['import_p50_s']:.2f} s, "
        f"p95 {r['import_p95_s']:.2f} s, max {r['import_max_s']:.2f} s"
    )
    print(
        f"  peak memory: tracemalloc {r['tracemalloc_peak_mb']:.0f} MB (importing the largest "
        f"organisation, {r['largest_students']} students); ru_maxrss {r['ru_maxrss_mb']:.0f} MB"
    )
    print(f"  ANALYZE {r['analyze_s']:.1f} s")
    for m in r["measurements"]:
        q = "/".join(str(x) for x in m["queries"])
        print(
            f"  {m['name']:<22} p50 {m['p50']:8.1f} ms  p95 {m['p95']:8.1f} ms  "
            f"queries {q:>5}  ({m['runs']} runs) {m['what']}"
        )
    bad = [p for p in r["plans"] if p["full_scans"]]
    if bad:
        print("  FULL SCANS in the one-organisation pipeline queries:")
        for p in bad:
            print("    " + p["sql"][:300])
            for line in p["plan"]:
                print("      " + line)
    else:
        print(f"  plans: all {len(r['plans'])} student-table queries of pipeline(org) use indexes")


def summary(results: list[dict]) -> None:
    print()
    header = (
        f"{'database':<10} {'students':>8} {'import s':>9} {'per org p50':>11} "
        f"{'per org p95':>11} {'tracemalloc':>11} {'ru_maxrss':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['db']:<10} {r['rows']['students']:>8} {r['import_total_s']:>9.1f} "
            f"{r['import_p50_s']:>9.2f} s {r['import_p95_s']:>9.2f} s "
            f"{r['tracemalloc_peak_mb']:>8.0f} MB {r['ru_maxrss_mb']:>6.0f} MB"
        )
    print()
    header = f"{'database':<10} {'request':<22} {'p50 ms':>9} {'p95 ms':>9} {'queries':>7}"
    print(header)
    print("-" * len(header))
    for r in results:
        for m in r["measurements"]:
            q = "/".join(str(x) for x in m["queries"])
            print(f"{r['db']:<10} {m['name']:<22} {m['p50']:>9.1f} {m['p95']:>9.1f} {q:>7}")
    for r in results:
        print(f"{r['db']}: import via {r['importer']}")


# --- PostgreSQL -----------------------------------------------------------------------------


def start_postgres() -> tuple[str, object]:
    """A throwaway cluster in a temporary directory on a free port (like ./dev test)."""
    bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not bindirs or not (bindirs[-1] / "initdb").exists():
        raise SystemExit("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
    bindir = bindirs[-1]
    tmp = Path(tempfile.mkdtemp(prefix="indsats-pg-"))
    runas: list[str] = []
    if os.geteuid() == 0:
        subprocess.run(["useradd", "-r", "postgres"], capture_output=True)
        shutil.chown(tmp, "postgres")
        runas = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tmp / "data"
    subprocess.run(
        [
            *runas,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "indsats",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB "
        "-c work_mem=32MB -c maintenance_work_mem=256MB "
        # As docs/operations.md recommends: the case search's GIN plan (not a table scan).
        "-c random_page_cost=1.1"
    )
    subprocess.run(
        [
            *runas,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(tmp / "log"),
            "-w",
            "-o",
            options,
            "start",
        ],
        check=True,
        capture_output=True,
    )

    def stop():
        subprocess.run(
            [*runas, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)

    return f"postgres://indsats@127.0.0.1:{port}/indsats", stop


# --- main -----------------------------------------------------------------------------------


def child(args) -> None:
    with throwaway_database(args.verbosity):
        result = run_one(args)
    print_result(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, default=str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, help="students in all (200.000)")
    parser.add_argument("--orgs", type=int, help="organisations, all sharing (98)")
    parser.add_argument("--years", type=int, default=12, help="cohort years (12)")
    parser.add_argument("--runs", type=int, help="timed calls of each request (20)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument(
        "--small",
        action="store_true",
        help="2.000 students in 10 organisations, 5 runs (unless given otherwise)",
    )
    parser.add_argument(
        "--importer",
        choices=["auto", "file", "service", "bulk"],
        default="auto",
        help="auto: the file importer if there is one, else the service, else bulk_create",
    )
    parser.add_argument("-v", "--verbosity", type=int, default=0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    defaults = (2000, 10, 5) if args.small else (200_000, 98, 20)
    for name, value in zip(("students", "orgs", "runs"), defaults, strict=True):
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.child:
        child(args)
        return

    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = []
    for db in dbs:
        env = dict(os.environ)
        stop = None
        if db == "sqlite":
            env.pop("DATABASE_URL", None)
        elif not env.get("DATABASE_URL", "").startswith("postgres"):
            env["DATABASE_URL"], stop = start_postgres()
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            argv = [
                sys.executable,
                __file__,
                "--child",
                "--json",
                out.name,
                "--students",
                str(args.students),
                "--orgs",
                str(args.orgs),
                "--years",
                str(args.years),
                "--runs",
                str(args.runs),
                "--seed",
                str(args.seed),
                "--importer",
                args.importer,
                "-v",
                str(args.verbosity),
            ]
            print(f"### {db}: {' '.join(argv[1:])}", flush=True)
            try:
                subprocess.run(argv, env=env, check=True)
            finally:
                if stop:
                    stop()
            results.append(json.loads(Path(out.name).read_text()))
    summary(results)


if __name__ == "__main__":
    main()
