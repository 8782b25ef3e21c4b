"""Benchmark the public case bank: search and the case page with 20.000 cases.

    .venv/bin/python bench/casebank.py [--cases 20000] [--runs 30]
    DATABASE_URL=postgres://… .venv/bin/python bench/casebank.py

Builds a throwaway database (SQLite in a temporary directory; with DATABASE_URL set, a
``test_<name>`` database on that server, created and dropped by Django's test machinery), fills
it with N generated cases (90 % published) built from the words of KL's case bank (seed 003),
with tags and a link each (titles from the case bank's words, texts mostly from a large filler
vocabulary, see FILLER), then times with the Django test client, anonymously:
- search_cases() for a few typical queries (the selector alone),
- the public search page /casebank/?q=… (the whole request),
- the public case page /casebank/<slug>/,
and counts SQL queries per call. On PostgreSQL it also shows whether the planner uses the GIN
index of casebank migration 0002.

The fixture uses bulk_create for speed; it is benchmark data, not a write path, but it fills
the search fields and the search index exactly as the services do
(casebank.services.search_document, casebank.search_index.index_rows, danish_sort_key).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = """
praktikvejledere fuldtid nedbringer frafaldet markant vejledning støtte SOSU-elever praktik
kvalitet praktikforløbene tilfredse elever fald social- sundhedshjælpere assistentelever
hverdagsguider faglig stolthed hjemmeplejen medarbejdere fagligheden sundhedsmedarbejderne
arbejdskraftreserve kvalificeret arbejdskraft ældre- sundhedsområdet analysen borgere Østeuropa
sproglige forudsætninger vejen tosprogede interesse SOSU-faget branche uddannelser pilotprojekt
fastholdelsessamtaler mindsker elevfrafald fastholdelsesstrategi samarbejde skolen praktikken
ledelse gavn borgeren omlagde hjemme- sygepleje omlægningen plejen udgangspunkt situation
ledig velfærdsmedarbejder arbejdsprogram velfærdsniveau ledige job velfærdsområdet
mentorindsats forebygger frafald mentorordning læringsbuddy trivsel udfordringer fastholdt
rekruttering fastholdelse introduktion onboarding nyuddannede sygeplejersker vagtplaner
arbejdsmiljø sygefravær deltid fuldtidskultur kompetenceudvikling ledere teams nattevagter
""".split()
MUNICIPALITIES = """Esbjerg Horsens Varde Lolland Frederikshavn Sønderborg Odense Aalborg Ærø
Ålborg Aabenraa Ballerup Herning Holstebro Køge Næstved Randers Silkeborg Vejle Viborg Ørsted
Åbenrå Tønder Fanø Gribskov Hjørring Kolding Middelfart Roskilde Slagelse""".split()
THEMES = ["Fastholdelse", "Rekruttering", "Faglighed", "Ledelse", "Uddannelse", "Arbejdsmiljø"]
GROUPS = ["Elever", "Ledige", "Tosprogede", "Medarbejdere", "Nyuddannede"]
PROFESSIONS = ["Social- og sundhedsassistent", "Social- og sundhedshjælper", "Sygeplejerske"]
# Real case texts use far more words than the case bank's headlines: most words of a generated
# text come from a large filler vocabulary, so a domain word occurs in a realistic share of the
# cases (a few to a few tens of percent) rather than in nearly all of them.
_SYLLABLES = "ka be di fo gu ha je ki lo mu na pe ri sa te vu ry bø læ då".split()
FILLER = sorted(
    {
        a + b + c + d
        for a in _SYLLABLES
        for b in _SYLLABLES
        for c in ("", "n", "r", "s")
        for d in ("", "e", "er", "ing")
    }
)
DOMAIN_SHARE = 0.15


def text(rnd: random.Random, k: int) -> str:
    return " ".join(
        rnd.choice(WORDS) if rnd.random() < DOMAIN_SHARE else rnd.choice(FILLER) for _ in range(k)
    )


QUERIES = ["frafald", "praktikvejleder", "sprog", "fastholdelse elever", "ledelse sygepleje"]


def setup_django(data_dir: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["INDSATS_DATA_DIR"] = data_dir
    os.environ.setdefault("INDSATS_ENV", "test")
    os.environ["INDSATS_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indsats.settings")
    import django

    django.setup()


def create_database(verbosity: int) -> tuple[str, object]:
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


def fill(n: int) -> list[str]:
    """``n`` cases; returns the slugs of some published ones."""
    from django.db import connection
    from django.utils import timezone

    from indsats.calc.textsearch import danish_sort_key, stem_document
    from indsats.casebank import search_index
    from indsats.casebank.models import Case, CaseMedia, CaseStatus, Region, Tag, TagKind
    from indsats.casebank.services import search_document

    rnd = random.Random(2026)
    tags = {}
    for kind, names in (
        (TagKind.THEME, THEMES),
        (TagKind.TARGET_GROUP, GROUPS),
        (TagKind.PROFESSION, PROFESSIONS),
    ):
        tags[kind] = [
            Tag.objects.create(kind=kind, name=name, sort_key=danish_sort_key(name))
            for name in names
        ]
    now = timezone.now()
    regions = Region.values
    cases, chosen = [], []
    for i in range(n):
        municipality = rnd.choice(MUNICIPALITIES) + " Kommune"
        title = " ".join(rnd.choices(WORDS, k=rnd.randint(3, 6))).capitalize()
        summary = text(rnd, rnd.randint(40, 80)).capitalize() + "."
        effects = text(rnd, rnd.randint(15, 40)).capitalize() + "."
        case_tags = [
            rnd.choice(tags[TagKind.THEME]),
            rnd.choice(tags[TagKind.TARGET_GROUP]),
            rnd.choice(tags[TagKind.PROFESSION]),
        ]
        case = Case(
            municipality=municipality,
            municipality_sort_key=danish_sort_key(municipality),
            region=rnd.choice(regions),
            slug=f"case-{i}",
            title=title,
            summary=summary,
            effects=effects,
            start_year=rnd.randint(2010, 2025),
            status=CaseStatus.PUBLISHED if i % 10 else CaseStatus.DRAFT,
            published_at=now - timezone.timedelta(minutes=i) if i % 10 else None,
        )
        case.search_document = search_document(case, [t.name for t in case_tags])
        case.search_stems = stem_document(case.search_document)
        cases.append(case)
        chosen.append(case_tags)
    Case.objects.bulk_create(cases, batch_size=1000)
    ids = dict(Case.objects.values_list("slug", "pk"))
    through = Case.tags.through
    through.objects.bulk_create(
        [
            through(case_id=ids[c.slug], tag_id=t.pk)
            for c, ts in zip(cases, chosen, strict=True)
            for t in ts
        ],
        batch_size=5000,
    )
    CaseMedia.objects.bulk_create(
        [
            CaseMedia(case_id=ids[c.slug], kind="link", title="Læs mere", url="https://kl.dk/")
            for c in cases
        ],
        batch_size=5000,
    )
    rows = [
        (
            ids[c.slug],
            c.title,
            c.summary,
            search_index.body_text(
                municipality=c.municipality, effects=c.effects, tag_names=[t.name for t in ts]
            ),
        )
        for c, ts in zip(cases, chosen, strict=True)
    ]
    for start in range(0, len(rows), 1000):
        search_index.index_rows(connection, rows[start : start + 1000])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Steady state, as autovacuum leaves the tables after a bulk insert: statistics, the
            # GIN index's pending list (filled by the bulk insert, scanned linearly by every
            # search until then) merged into the index, and the visibility map set, so the tag
            # links are counted by an index-only scan (24 → 17 ms for a broad word's facets).
            cursor.execute("VACUUM ANALYZE")
    return [f"case-{i}" for i in range(1, n, max(1, n // 50)) if i % 10]


def timed(fn, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    result = None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - t0
        times.append(elapsed * 1000)
        queries.append(len(ctx.captured_queries))
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "queries": sorted(set(queries)),
        "result": result,
    }


def explain(query: str) -> str:
    from django.db import connection

    from indsats.casebank.selectors import published_cases

    if connection.vendor != "postgresql":
        return ""
    from indsats.calc.textsearch import parse_query
    from indsats.casebank.selectors import _matching

    qs, _positive = _matching(published_cases(), parse_query(query))
    plan = qs.explain()
    return "uses GIN index" if "search_vector_gin" in plan else "NO INDEX:\n" + plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("-v", "--verbosity", type=int, default=0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="indsats-bench-") as data_dir:
        setup_django(data_dir)
        from django.test import Client
        from django.test.utils import setup_test_environment

        from indsats.casebank.selectors import search_cases

        setup_test_environment()
        where, teardown = create_database(args.verbosity)
        try:
            t0 = time.perf_counter()
            slugs = fill(args.cases)
            print(f"Database: {where}")
            print(f"Filled {args.cases} cases in {time.perf_counter() - t0:.1f} s\n")
            client = Client()
            rows = []
            for q in QUERIES:
                r = timed(lambda q=q: search_cases(query=q), args.runs)
                rows.append((f"search_cases(query={q!r})", r, f"{r['result'].total} hits"))
            for sort in ("newest", "municipality", "title"):
                r = timed(lambda s=sort: search_cases(query="frafald", sort=s), args.runs)
                rows.append((f"search_cases('frafald', sort={sort})", r, f"{r['result'].total}"))
            r = timed(
                lambda: search_cases(themes=["Fastholdelse"], regions=["syddanmark"]), args.runs
            )
            rows.append(("search_cases(filters only)", r, f"{r['result'].total} hits"))
            for q in ("frafald", "sprog"):
                r = timed(lambda q=q: client.get("/casebank/", {"q": q}), args.runs)
                assert r["result"].status_code == 200
                rows.append((f"GET /casebank/?q={q}", r, f"{len(r['result'].content)} B"))
            r = timed(lambda: client.get("/casebank/", {"side": "50"}), args.runs)
            rows.append(("GET /casebank/?side=50", r, f"{len(r['result'].content)} B"))
            it = iter(slugs * (args.runs // max(1, len(slugs)) + 1))
            r = timed(lambda: client.get(f"/casebank/{next(it)}/"), args.runs)
            assert r["result"].status_code == 200, r["result"].status_code
            rows.append(("GET /casebank/<slug>/", r, f"{len(r['result'].content)} B"))
            r = timed(lambda: client.get("/api/v1/casebank/cases?q=frafald"), args.runs)
            rows.append(
                ("GET /api/v1/casebank/cases?q=frafald", r, f"{len(r['result'].content)} B")
            )
            width = max(len(name) for name, *_ in rows)
            print(f"{'':{width}}  {'p50 ms':>8}  {'p95 ms':>8}  queries  result")
            for name, r, note in rows:
                q = ",".join(str(x) for x in r["queries"])
                print(f"{name:{width}}  {r['p50']:8.1f}  {r['p95']:8.1f}  {q:>7}  {note}")
            plan = explain("frafald")
            if plan:
                print(f"\nPostgreSQL plan for 'frafald': {plan}")
        finally:
            teardown()


if __name__ == "__main__":
    main()
