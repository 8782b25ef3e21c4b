"""Each heavy page next to its physical floor, measured interleaved in one run.

    .venv/bin/python bench/floors.py                      # the issue's sizes (takes a while)
    .venv/bin/python bench/floors.py --quick              # small sizes, a few minutes
    .venv/bin/python bench/floors.py --initiatives 200 --notes 60 --cases 5000 --students 5000
    DATABASE_URL=postgres://… .venv/bin/python bench/floors.py --quick
    .venv/bin/python bench/floors.py --quick --db postgres   # a throwaway PostgreSQL cluster

Builds a throwaway database (SQLite in a temporary directory; with DATABASE_URL set, a
``test_<name>`` database on that server, created and dropped by Django's test machinery) with the
fixtures of the other benchmarks (bench/prioritisation.py, bench/status_report.py,
bench/casebank.py, bench/students.py), then for each figure alternates one call of the product
and one call of its floor, --runs times, and prints product p50/p95, floor p50, the ratio and the
1-minute load average (os.getloadavg) at the start and end of the figure:

- case search: ``search_cases()`` (the selector) and GET /casebank/?q=… against the raw index
  query that finds the same page of hits and their count (FTS5 MATCH … ORDER BY bm25 LIMIT 20,
  or tsvector @@ … ORDER BY ts_rank LIMIT 20, plus a count);
- the student import: every organisation's CSV files through the file importer, against
  DuckDB reading the same files (``student_import_figure``; one whole import per run, warmed
  up on the first organisation; the product's and the floor's CPU time and ru_maxrss in the
  note: on a shared machine the CPU ratio is the steadier one);
- the national sick-leave comparison page against DuckDB computing the same figures from the
  same rows exported into it (``comparison_figure`` says exactly what);
- the prioritisation overview, the pipeline page and the status report page against a replay of
  the very SELECTs the page ran (captured once with their parameters, run on the raw cursor,
  every row fetched). For the overview and the status summary the floor also computes the
  page's figures from those rows in plain Python (bench/plain_figures.py: every line under
  every scenario in Decimal, rounded to øre, ranges, step totals; each note's money table and
  the state counts), the house's "raw SQL plus plain Python for the same figures"; the replay
  alone is printed beside it as the SQL-only floor. The pipeline page's and the whole status
  report's floors are the replay alone, so their ratios read high rather than low.

Each timed call starts from a collected heap (gc.collect(), untimed), so it pays for the
collections its own garbage sets off during the call and never for the other side's — otherwise
whichever side happens to cross the collector's threshold pays for both (measured: the same floor
taking twice as long after the page changed). A collection timed after each call was tried and
dropped: it walks the whole live heap (~100 ms here) and drowns the small figures.

The machine may be shared: read the load column before comparing two runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plain_figures  # noqa: E402
from _common import throwaway_database  # noqa: E402

SEED = 2026  # the student generator's (bench/students.py)
SEARCH_QUERIES = ["frafald", "fastholdelse elever", "praktikvejleder", "ledelse OR sygepleje"]


def gc_freeze() -> None:
    """What indsats/wsgi.py does once the app is loaded: collect, then keep what lives on out
    of later collections."""
    gc.collect()
    gc.freeze()


def load() -> float:
    return os.getloadavg()[0]


def timed_after_collection(call) -> float:
    """Milliseconds of ``call()``, started from a collected heap (the collection untimed)."""
    gc.collect()
    t0 = time.perf_counter()
    call()
    return (time.perf_counter() - t0) * 1000


def interleaved(product, floor, runs: int, sql_only=None) -> dict:
    """Warm both up, then alternate product and floor ``runs`` times (and ``sql_only``, the
    replay without the plain-Python figures, when given)."""
    product()
    floor()
    if sql_only:
        sql_only()
    start_load = load()
    times_p, times_f, times_s = [], [], []
    for _ in range(runs):
        # Each timed call starts from a collected heap (untimed): it pays for the collections its
        # own garbage sets off during the call, never for the garbage the other side left.
        times_p.append(timed_after_collection(product))
        times_f.append(timed_after_collection(floor))
        if sql_only:
            times_s.append(timed_after_collection(sql_only))
    times_p.sort()
    return {
        "p50": statistics.median(times_p),
        "p95": times_p[min(len(times_p) - 1, round(0.95 * (len(times_p) - 1)))],
        "floor": statistics.median(times_f),
        "sql": statistics.median(times_s) if times_s else None,
        "load": (start_load, load()),
    }


class SelectRecorder:
    """Records every SELECT (with its parameters) run inside ``with connection.execute_wrapper``."""

    def __init__(self):
        self.statements: list[tuple[str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        if not many and sql.lstrip().upper().startswith(("SELECT", "WITH")):
            self.statements.append((sql, params))
        return execute(sql, params, many, context)


def page_and_replay(client, url: str, figures=None):
    """(GET ``url``, its floor, the number of SELECTs, the SQL-only floor).

    The SQL-only floor replays the SELECTs that request ran (every row fetched); the floor adds
    ``figures(results)``, plain Python computing the page's figures from those rows
    (bench/plain_figures.py), where given."""
    from django.db import connection

    def product():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return response

    product()
    recorder = SelectRecorder()
    with connection.execute_wrapper(recorder):
        product()
    statements = recorder.statements

    def replay():
        results = []
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
                results.append((sql, [c[0] for c in cursor.description or ()], rows))
        return results

    if figures is None:
        return product, replay, len(statements), None

    def floor():
        return figures(replay())

    return product, floor, len(statements), replay


def raw_search(query: str):
    """The index's own answer to ``query``: a page of 20 ids by rank, and the count."""
    from django.db import connection

    from indsats.calc.textsearch import fts5_match, parse_query, tsquery
    from indsats.casebank import search_index

    parsed = parse_query(query)
    if connection.vendor == "postgresql":
        q = tsquery(parsed.groups)
        page = (
            "SELECT id FROM casebank_case WHERE status = 'published' AND search_vector @@ "
            "%s::tsquery ORDER BY ts_rank(search_vector, %s::tsquery) DESC, id DESC LIMIT 20"
        )
        count = (
            "SELECT count(*) FROM casebank_case WHERE status = 'published' "
            "AND search_vector @@ %s::tsquery"
        )
        statements = [(page, [q, q]), (count, [q])]
    else:
        m = fts5_match(parsed.groups)
        t = search_index.FTS_TABLE
        # The hits' status read from the narrow covering index the schema has (as the product
        # does): the count 13 → 3 ms at 20.000 cases against the primary key's wide rows.
        cover = "INDEXED BY casebank_case_search_cover"
        page = (
            f"SELECT c.id FROM (SELECT rowid AS id, rank AS r FROM {t} WHERE {t} MATCH %s) f "
            f"JOIN casebank_case c {cover} ON c.id = f.id WHERE c.status = 'published' "
            "ORDER BY f.r LIMIT 20"
        )
        count = (
            f"SELECT count(*) FROM casebank_case {cover} WHERE status = 'published' "
            f"AND id IN (SELECT rowid FROM {t} WHERE {t} MATCH %s)"
        )
        statements = [(page, [m]), (count, [m])]

    def floor():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return floor


def fill_pipeline(n_students: int):
    """One organisation with ``n_students`` generated student records (bench/students.py's
    generator and importer) and a member; (org, user, importer label)."""
    import students as bench_students  # bench/students.py
    from django.contrib.auth import get_user_model

    from indsats.organisations.models import Membership, Organisation
    from indsats.students import generate

    importer = bench_students.choose_importer("auto")
    org = Organisation.objects.create(
        slug="floor-elever", name="Elevkommune", budget_year=2026, share_pipeline=True
    )
    records = generate.organisation_students(0, n_students, years=12, seed=2026)
    with tempfile.TemporaryDirectory(prefix="indsats-floors-") as files:
        importer.run(org, importer.prepare(org, records, Path(files)))
    user = get_user_model().objects.create_user(username="floor-elever", password="x")
    Membership.objects.create(user=user, organisation=org, role="consultant")
    return org, user, importer.label


def import_files(n_students: int, n_orgs: int, folder: Path) -> list[list[Path]]:
    """Every organisation's three CSV files (bench/students.py's sizes and generator: the same
    seed gives the same records), written once under ``folder``; records are not kept."""
    from indsats.students import generate

    sizes = generate.organisation_sizes(n_students, n_orgs, SEED)
    files = []
    for i, size in enumerate(sizes):
        records = generate.organisation_students(i, size, years=12, seed=SEED)
        where = folder / generate.organisation_slug(i)
        where.mkdir()
        files.append(generate.write_import_files(records, where))
    return files


def student_import_figure(n_students: int, n_orgs: int):
    """The file importer (students.transfer.student_import) reading every organisation's three
    CSV files into a fresh organisation each (``n_students`` in all over ``n_orgs``
    organisations), against DuckDB reading the same files into typed tables in memory
    (read_csv, types sniffed, one table per file), the issue's floor. The files are written
    once before and stay on disk (in the page cache) for the whole figure."""
    import itertools

    import duckdb

    from indsats.organisations.models import Organisation
    from indsats.students import transfer

    folder = Path(tempfile.mkdtemp(prefix="indsats-floors-import-"))
    files = import_files(n_students, n_orgs, folder)
    counter = itertools.count()

    def product(files=files):
        for paths in files:
            org = Organisation.objects.create(
                slug=f"floor-import-{next(counter)}", name="Importkommune", budget_year=2026
            )
            transfer.student_import(organisation=org, actor=None, file=list(paths))

    def floor(files=files):
        con = duckdb.connect()
        for i, path in enumerate(p for paths in files for p in paths):
            con.execute(
                f"CREATE TABLE t{i} AS SELECT * FROM read_csv(?, delim=';', header=true)",
                [str(path)],
            )
        con.close()

    def warm():  # the first organisation only: a second whole import would double the figure
        product(files[:1])
        floor(files[:1])

    return product, floor, warm


def import_interleaved(product, floor, warm, runs: int) -> dict:
    """Like ``interleaved``, for a figure of seconds to minutes: warmed up on a small part, then
    product and floor alternated ``runs`` times; also the product's CPU time and the process's
    peak resident memory (ru_maxrss) before and after."""
    import resource

    warm()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start_load = load()
    times_p, times_f, cpu, cpu_f = [], [], [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        product()
        t1, c1 = time.perf_counter(), time.process_time()
        floor()
        t2, c2 = time.perf_counter(), time.process_time()
        times_p.append((t1 - t0) * 1000)
        times_f.append((t2 - t1) * 1000)
        cpu.append((c1 - c0) * 1000)
        cpu_f.append((c2 - c1) * 1000)  # every thread of the process: DuckDB's too
    times_p.sort()
    return {
        "p50": statistics.median(times_p),
        "p95": times_p[-1],
        "floor": statistics.median(times_f),
        "cpu": statistics.median(cpu),
        "cpu_floor": statistics.median(cpu_f),
        "rss": (rss_before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load": (start_load, load()),
    }


SICK_LEAVE_SQL = """
    WITH per AS (
        SELECT s.organisation_id AS org, a.year,
               sum(a.sick_days) AS sick, sum(a.planned_days) AS planned,
               count(DISTINCT a.student_id) AS n
        FROM absences a JOIN students s ON s.id = a.student_id
        GROUP BY ALL
    ), shown AS (
        SELECT org, year,
               CASE WHEN n >= 5 AND planned > 0
                    THEN 100 * sick::DOUBLE / planned::DOUBLE END AS rate
        FROM per
    )
    SELECT org, year, rate,
           avg(rate) OVER (PARTITION BY year) AS national,
           median(rate) OVER (PARTITION BY year) AS median
    FROM shown ORDER BY org, year
"""
SICK_LEAVE_TOTALS_SQL = """
    WITH per AS (
        SELECT organisation_id AS org, year, sum(sick_days) AS sick,
               sum(planned_days) AS planned, sum(students) AS n
        FROM totals GROUP BY ALL
    ), shown AS (
        SELECT org, year,
               CASE WHEN n >= 5 AND planned > 0
                    THEN 100 * sick::DOUBLE / planned::DOUBLE END AS rate
        FROM per
    )
    SELECT org, year, rate,
           avg(rate) OVER (PARTITION BY year) AS national,
           median(rate) OVER (PARTITION BY year) AS median
    FROM shown ORDER BY org, year
"""


def comparison_figure(n_students: int, n_orgs: int):
    """The national sick-leave comparison, GET /o/<org>/elever/sammenligning/?kpi=
    sick_leave_rate (the page: seven queries, the yearly totals SickLeaveYear the import
    keeps, disclosure, national line and median, table and chart), as a member of the largest
    of ``n_orgs`` sharing organisations holding ``n_students`` students imported through the
    file importer. Its floor: DuckDB computing the same figures — per organisation and year the
    sick leave % over both educations (hidden below five students), the national average of
    the shown values and their median — from the same rows: the student and absence-period
    tables, exported once after the import (SELECT … to CSV, read into DuckDB tables in
    memory; not timed), every absence period summed per query. Beside it (in the note) DuckDB
    on the exported yearly totals, the rows the page itself reads. The figures are checked
    equal to the product's (students.comparison.comparison) before timing."""
    import csv

    import duckdb
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from indsats.organisations.models import Membership, Organisation
    from indsats.students import comparison as comparison_mod
    from indsats.students import generate, transfer

    folder = Path(tempfile.mkdtemp(prefix="indsats-floors-comparison-"))
    t0 = time.perf_counter()
    files = import_files(n_students, n_orgs, folder)
    sizes = generate.organisation_sizes(n_students, n_orgs, SEED)
    orgs = []
    for i, paths in enumerate(files):
        org = Organisation.objects.create(
            slug=f"sammenligning-{i:03d}",
            name=f"Elevkommune {i + 1:03d}",
            budget_year=2026,
            share_pipeline=True,
        )
        transfer.student_import(organisation=org, actor=None, file=list(paths))
        orgs.append(org)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Imported {n_students} students in {n_orgs} organisations "
        f"in {time.perf_counter() - t0:.0f} s",
        flush=True,
    )
    org = orgs[max(range(n_orgs), key=lambda i: sizes[i])]
    user = get_user_model().objects.create_user(username="floor-sammenligning", password="x")
    Membership.objects.create(user=user, organisation=org, role="consultant")
    client = Client()
    client.force_login(user)
    url = f"/o/{org.slug}/elever/sammenligning/?kpi=sick_leave_rate"

    def product():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return response

    ids = [o.pk for o in orgs]
    marks = ", ".join(["%s"] * len(ids))
    exports = {
        "students": (
            f"SELECT id, organisation_id, education FROM students_student "
            f"WHERE organisation_id IN ({marks})"
        ),
        "absences": (
            "SELECT a.student_id, a.year, a.planned_days, a.sick_days "
            "FROM students_absenceperiod a JOIN students_student s ON s.id = a.student_id "
            f"WHERE s.organisation_id IN ({marks})"
        ),
        "totals": (
            "SELECT organisation_id, education, year, planned_days, sick_days, students "
            f"FROM students_sickleaveyear WHERE organisation_id IN ({marks})"
        ),
    }
    con = duckdb.connect()
    with connection.cursor() as cursor:
        for table, sql in exports.items():
            cursor.execute(sql, ids)
            path = folder / f"{table}.csv"
            with path.open("w", newline="") as out:
                writer = csv.writer(out)
                writer.writerow([c[0] for c in cursor.description])
                writer.writerows(cursor.fetchall())
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv(?)", [str(path)])

    def floor():
        return con.execute(SICK_LEAVE_SQL).fetchall()

    def totals_floor():
        return con.execute(SICK_LEAVE_TOTALS_SQL).fetchall()

    # The same figures: every organisation's value per year, the national line, the median.
    result = comparison_mod.comparison(organisation=org, kpi_code="sick_leave_rate")
    mine = {
        (row.organisation_id, year): value.value
        for row in result.rows
        for year, value in row.values.items()
    }
    for rows, what in ((floor(), "absence periods"), (totals_floor(), "yearly totals")):
        for org_id, year, rate, national, median in rows:
            ours = mine.get((org_id, year))
            if (rate is None) != (ours is None) or (
                rate is not None and abs(float(ours) - rate) > 1e-9
            ):
                raise SystemExit(f"floor ({what}) differs: {org_id} {year} {ours} {rate}")
            for theirs, product_value in (
                (national, result.national[year].value if year in result.national else None),
                (median, result.median.get(year)),
            ):
                if (theirs is None) != (product_value is None) or (
                    theirs is not None and abs(float(product_value) - theirs) > 1e-9
                ):
                    raise SystemExit(f"floor ({what}) differs in {year}: {product_value} {theirs}")
    return product, floor, totals_floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=500, help="overview (500)")
    parser.add_argument("--notes", type=int, default=300, help="status report (300)")
    parser.add_argument("--cases", type=int, default=20000, help="case bank (20.000)")
    parser.add_argument("--students", type=int, default=50000, help="pipeline (50.000)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--import-students", type=int, default=200_000, help="student import (200.000)"
    )
    parser.add_argument(
        "--import-runs", type=int, default=1, help="whole imports timed, each beside its floor (1)"
    )
    parser.add_argument(
        "--comparison-students",
        type=int,
        default=50000,
        help="national sick-leave comparison (50.000)",
    )
    parser.add_argument(
        "--orgs", type=int, default=98, help="organisations of the import and comparison (98)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="100 initiatives, 30 notes, 2.000 cases, 2.000 students; import 2.000, "
        "comparison 5.000 students",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=["search", "overview", "pipeline", "status", "import", "comparison"],
        help="only these figures (repeatable)",
    )
    parser.add_argument(
        "--db",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="postgres: a throwaway cluster like ./dev test (unless DATABASE_URL is set)",
    )
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after the fixtures, as indsats/wsgi.py does after loading the app",
    )
    parser.add_argument("-v", "--verbosity", type=int, default=0)
    args = parser.parse_args()
    if args.db == "postgres" and not os.environ.get("DATABASE_URL"):
        import subprocess

        from students import start_postgres  # bench/students.py

        url, stop = start_postgres()
        try:
            argv = [a for a in sys.argv[1:] if a not in ("--db", "postgres")]
            env = {**os.environ, "DATABASE_URL": url}
            subprocess.run([sys.executable, __file__, *argv], env=env, check=False)  # noqa: S603
        finally:
            stop()
        return
    if args.quick:
        args.initiatives, args.notes, args.cases, args.students = 100, 30, 2000, 2000
        args.import_students, args.comparison_students = 2000, 5000
    only = set(args.only or ["search", "overview", "pipeline", "status", "import", "comparison"])

    with throwaway_database(args.verbosity):
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        print(f"CPUs: {os.cpu_count()}, load at start: {load():.2f}")
        freeze = args.gc_freeze
        rows = []

        def add(name, size, result, note=""):
            rows.append((name, size, result, note))
            r = result
            print(
                f"  {name} ({size}): p50 {r['p50']:.1f} ms, floor {r['floor']:.1f} ms, "
                f"load {r['load'][0]:.2f}→{r['load'][1]:.2f}"
                + (f", SQL-only floor {r['sql']:.1f} ms" if r.get("sql") is not None else ""),
                flush=True,
            )

        if "search" in only:
            import casebank as bench_casebank  # bench/casebank.py

            from indsats.casebank.selectors import search_cases

            t0 = time.perf_counter()
            bench_casebank.fill(args.cases)
            print(f"Filled {args.cases} cases in {time.perf_counter() - t0:.0f} s", flush=True)
            client = Client()
            size = f"{args.cases} cases"
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SHOW random_page_cost")
                    print(f"PostgreSQL random_page_cost: {cursor.fetchone()[0]}", flush=True)
            for q in SEARCH_QUERIES:
                floor = raw_search(q)
                add(
                    f"search_cases({q!r})",
                    size,
                    interleaved(lambda q=q: search_cases(query=q), floor, args.runs),
                )
            q = SEARCH_QUERIES[0]
            product, _floor, _n, _sql = page_and_replay(client, f"/casebank/?q={q}")
            add(f"GET /casebank/?q={q}", size, interleaved(product, raw_search(q), args.runs))

        if "overview" in only:
            import prioritisation as bench_prioritisation  # bench/prioritisation.py

            t0 = time.perf_counter()
            org, user = bench_prioritisation.fill_organisation("floor-oversigt", args.initiatives)
            print(f"Filled {args.initiatives} initiatives in {time.perf_counter() - t0:.0f} s")
            client = Client()
            client.force_login(user)
            if freeze:
                gc_freeze()
            url = f"/o/{org.slug}/prioritering/?year={bench_prioritisation.YEAR}"
            year = bench_prioritisation.YEAR
            product, floor, n, sql_only = page_and_replay(
                client, url, lambda results: plain_figures.overview(results, year)
            )
            add(
                "prioritisation overview",
                f"{args.initiatives} × 5 × 4",
                interleaved(product, floor, args.runs, sql_only),
                f"{n} SELECTs replayed + plain-Python figures",
            )

        if "pipeline" in only:
            t0 = time.perf_counter()
            org, user, label = fill_pipeline(args.students)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(
                f"Imported {args.students} students ({label}) in {time.perf_counter() - t0:.0f} s"
            )
            client = Client()
            client.force_login(user)
            product, floor, n, _sql = page_and_replay(client, f"/o/{org.slug}/elever/")
            add(
                "pipeline page",
                f"{args.students} students",
                interleaved(product, floor, args.runs),
                f"{n} SELECTs replayed",
            )

        if "import" in only:
            product, floor, warm = student_import_figure(args.import_students, args.orgs)
            r = import_interleaved(product, floor, warm, args.import_runs)
            add(
                "student import (CSV files)",
                f"{args.import_students} / {args.orgs} orgs",
                r,
                f"floor DuckDB read_csv of the same files; {args.import_runs} run(s); product "
                f"CPU {r['cpu'] / 1000:.1f} s, floor CPU {r['cpu_floor'] / 1000:.1f} s "
                f"({r['cpu'] / r['cpu_floor']:.1f}×); "
                f"ru_maxrss {r['rss'][0]:.0f} → {r['rss'][1]:.0f} MB",
            )

        if "comparison" in only:
            product, floor, totals_floor = comparison_figure(args.comparison_students, args.orgs)
            r = interleaved(product, floor, args.runs, totals_floor)
            totals = r.pop("sql")
            add(
                "national sick-leave comparison",
                f"{args.comparison_students} / {args.orgs} orgs",
                r,
                "floor DuckDB over the exported absence periods; DuckDB over the yearly "
                f"totals {totals:.1f} ms ({r['p50'] / totals:.0f}×)",
            )

        if "status" in only:
            import status_report as bench_status  # bench/status_report.py

            t0 = time.perf_counter()
            org, user, _counts = bench_status.fill_organisation("floor-status", args.notes)
            with connection.cursor() as cursor:
                # as after autovacuum: without statistics PostgreSQL plans the report's
                # subqueries as nested loops over whole tables (SQL alone ~500 ms at 300 notes)
                cursor.execute("ANALYZE")
            print(f"Filled {args.notes} notes in {time.perf_counter() - t0:.0f} s")
            client = Client()
            client.force_login(user)
            if freeze:
                gc_freeze()
            url = f"/o/{org.slug}/rapporter/status/?dato={bench_status.AS_OF.isoformat()}"
            as_of = bench_status.AS_OF
            product, floor, n, sql_only = page_and_replay(
                client, url, lambda results: plain_figures.status_page(results, as_of)
            )
            add(
                "status report page (summary)",
                f"{args.notes} notes",
                interleaved(product, floor, max(3, args.runs // 2), sql_only),
                f"{n} SELECTs replayed + plain-Python figures",
            )
            # Since the page opens as a summary: the whole report one click away, and one
            # initiative's figures loaded on demand.
            product, floor, n, _sql = page_and_replay(client, url + "&fuld=1")
            add(
                "status report page, whole (?fuld=1)",
                f"{args.notes} notes",
                interleaved(product, floor, max(3, args.runs // 2)),
                f"{n} SELECTs replayed",
            )
            from indsats.indicators.models import Indicator

            initiative_id = (
                Indicator.objects.filter(organisation=org, initiative__isnull=False)
                .values_list("initiative_id", flat=True)
                .first()
            )
            figures = (
                f"/o/{org.slug}/rapporter/status/indsats/{initiative_id}/tal/"
                f"?dato={bench_status.AS_OF.isoformat()}"
            )
            product, floor, n, _sql = page_and_replay(client, figures)
            add(
                "one initiative's figures (htmx)",
                f"{args.notes} notes",
                interleaved(product, floor, args.runs),
                f"{n} SELECTs replayed",
            )

        print(f"\n{connection.vendor}, {os.cpu_count()} CPUs, {args.runs} interleaved runs")
        header = (
            f"{'figure':<42} {'size':<16} {'p50 ms':>8} {'p95 ms':>8} {'floor ms':>9} "
            f"{'ratio':>6}  {'load':>11}  note"
        )
        print(header)
        print("-" * len(header))
        for name, size, r, note in rows:
            ratio = r["p50"] / r["floor"] if r["floor"] else float("inf")
            if r.get("sql") is not None:
                note += f"; SQL-only floor {r['sql']:.1f} ms ({r['p50'] / r['sql']:.1f}×)"
            print(
                f"{name:<42} {size:<16} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['floor']:>9.1f} "
                f"{ratio:>5.1f}×  {r['load'][0]:>5.2f}→{r['load'][1]:<5.2f}  {note}"
            )


if __name__ == "__main__":
    main()
