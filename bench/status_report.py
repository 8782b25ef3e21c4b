"""Benchmark the status report page and its downloads.

    .venv/bin/python bench/status_report.py [--notes 300] [--small 30] [--runs 20] [--pdf-runs 3]

Builds a throwaway database (SQLite in a temporary directory; with DATABASE_URL set, a
``test_<name>`` database on that server, created and dropped by Django's test machinery), fills
one organisation with N budget notes, each funding two initiatives (2N initiatives) with a cost
model, allocations over four years (one note in four with a per-initiative share as well) and
spending, three indicators per initiative with 20 years of values and a target, and two status
rounds; plus a small organisation with --small notes. Then it times requests with the Django test
client as a logged-in member and counts SQL queries per request. The query count must be the
same for both sizes.

The fixture uses bulk_create for speed; it is benchmark data, not a write path, but it builds
the rows the services would (allocation years that cover the spending, values recorded on or
before their status date, one owner per indicator).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import measure, print_table, profile, throwaway_database  # noqa: E402

ROUND_1 = dt.date(2026, 4, 30)
ROUND_2 = dt.date(2026, 10, 31)
AS_OF = dt.date(2026, 11, 1)
STATES = ["on_track", "on_track", "at_risk", "off_track", "finished", "paused"]
ACCOUNT = (
    "Indsatsen følger planen for {code}.\n\n"
    "- {n} medarbejdere er startet på uddannelse\n"
    "- Næste skridt: evaluering med de faglige organisationer\n\n"
    "Forbruget forventes at holde sig inden for bevillingen."
)


def fill_organisation(slug: str, notes: int):
    """One organisation with ``notes`` budget notes, 2 initiatives each, and their follow-up."""
    from django.contrib.auth import get_user_model

    from indsats.budgets.models import Allocation, BudgetNote, Spending
    from indsats.followup.models import StatusUpdate
    from indsats.indicators.models import Indicator, IndicatorValue, Target
    from indsats.initiatives.models import CostFactor, CostLine, Initiative, Theme
    from indsats.organisations.models import (
        Membership,
        Organisation,
        Parameter,
        ParameterValue,
        Unit,
    )

    org = Organisation.objects.create(
        slug=slug, name=f"Benchrup Kommune ({notes} notater)", budget_year=2026
    )
    user = get_user_model().objects.create_user(username=f"bench-{slug}", password="x")
    Membership.objects.create(user=user, organisation=org, role="readonly")
    rate = Parameter.objects.create(
        organisation=org, key="timepris_frikob", name="Timepris, frikøb", unit="kr."
    )
    ParameterValue.objects.bulk_create(
        [
            ParameterValue(parameter=rate, valid_from=dt.date(2020, 1, 1), value=Decimal("201.60")),
            ParameterValue(parameter=rate, valid_from=dt.date(2026, 1, 1), value=Decimal("208.40")),
        ]
    )
    theme = Theme.objects.create(organisation=org, name="Rekruttering og fastholdelse", order=1)
    units = Unit.objects.bulk_create(
        [Unit(organisation=org, name=f"Center for Sundhed og Omsorg {i}") for i in range(1, 6)]
    )
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                organisation=org,
                code=f"{i // 100 + 1}.{i % 100 + 1}",
                title=f"Frikøb af tid til praktikvejledning, forløb {i + 1}",
                purpose="At flere elever gennemfører uddannelsen, og at flere bliver i jobbet.",
                theme=theme,
                unit=units[i % len(units)],
                priority_step=i % 4 + 1,
                state="running",
                start_year=2023 + i % 4,
            )
            for i in range(2 * notes)
        ]
    )
    lines = CostLine.objects.bulk_create(
        [
            line
            for ini in initiatives
            for line in (
                CostLine(
                    initiative=ini,
                    order=1,
                    label="Frikøb af praktikvejledere",
                    category="release_time",
                    recurrence="yearly",
                ),
                CostLine(
                    initiative=ini,
                    order=2,
                    label="Kursusindkøb",
                    category="course_purchase",
                    recurrence="yearly",
                    stated_amount=Decimal("226500.00"),
                ),
            )
        ]
    )
    CostFactor.objects.bulk_create(
        [
            factor
            for line in lines[::2]
            for factor in (
                CostFactor(cost_line=line, order=1, key="personer", label="Vejledere", value=100),
                CostFactor(cost_line=line, order=2, key="timer", label="Timer", value=50),
                CostFactor(
                    cost_line=line, order=3, key="timepris", label="Timepris", parameter=rate
                ),
            )
        ]
    )
    prefixes = ["SO", "ØK", "BU", "AM"]
    budget_notes = BudgetNote.objects.bulk_create(
        [
            BudgetNote(
                organisation=org,
                code=f"{prefixes[n % 4]}{n + 1}",
                title=f"Budgetnotat {n + 1}: rekruttering og fastholdelse",
                budget_year=2023 + n % 4,
                unit=units[n % len(units)],
                purpose="Flere elever gennemfører, og flere nyuddannede bliver ansat.",
            )
            for n in range(notes)
        ]
    )
    through = BudgetNote.initiatives.through
    through.objects.bulk_create(
        [
            through(budgetnote_id=note.pk, initiative_id=initiatives[2 * n + k].pk)
            for n, note in enumerate(budget_notes)
            for k in (0, 1)
        ]
    )
    allocations, spendings = [], []
    for n, note in enumerate(budget_notes):
        first = note.budget_year
        for y in range(first, first + 4):
            amount = Decimal(7_339_000 if y == first else 5_373_000) + n * 1000
            allocations.append(Allocation(note=note, year=y, amount=amount, price_level="2022-pl"))
            if y <= 2026:
                spendings.append(Spending(note=note, year=y, amount=amount - 250_000))
        if n % 4 == 0:
            ini = initiatives[2 * n]
            for y in (first, first + 1):
                allocations.append(
                    Allocation(note=note, initiative=ini, year=y, amount=Decimal(1_200_000))
                )
            spendings.append(
                Spending(note=note, initiative=ini, year=first, amount=Decimal(1_150_000))
            )
    Allocation.objects.bulk_create(allocations)
    Spending.objects.bulk_create(spendings)
    units_cycle = ["count", "percent", "ratio"]
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                organisation=org,
                name=name,
                unit=units_cycle[k],
                direction="lower" if k == 1 else "higher",
                initiative=ini,
                order=k,
            )
            for ini in initiatives
            for k, name in enumerate(
                ["Medarbejdere startet på uddannelse", "Personaleomsætning", "Ansøgere pr. opslag"]
            )
        ]
    )
    Target.objects.bulk_create(
        [
            Target(
                indicator=ind,
                baseline_value=Decimal(20),
                baseline_year=2020,
                target_value=Decimal(12) if ind.direction == "lower" else Decimal(40),
                deadline_year=2028,
            )
            for ind in indicators
        ]
    )
    rounds = []
    for i, ini in enumerate(initiatives):
        for r, as_of in enumerate((ROUND_1, ROUND_2)):
            rounds.append(
                StatusUpdate(
                    initiative=ini,
                    as_of=as_of,
                    state=STATES[(i + r) % len(STATES)],
                    text=ACCOUNT.format(code=ini.code, n=10 + i % 17 + r),
                    author_name="Bench Bruger",
                )
            )
    StatusUpdate.objects.bulk_create(rounds)
    values = []
    for j, ind in enumerate(indicators):
        for y in range(2006, 2026):
            base = Decimal(20 + (y - 2006) % 7 + j % 5)
            value = base if ind.unit == "count" else base + Decimal("0.25")
            # 2025's value arrives with the first round and is corrected in the second
            recorded = dt.date(2026, 1, 15) if y < 2025 else ROUND_1
            values.append(IndicatorValue(indicator=ind, year=y, value=value, recorded_on=recorded))
            if y == 2025:
                values.append(
                    IndicatorValue(
                        indicator=ind, year=y, value=value + 1, recorded_on=ROUND_2, note="Rettet"
                    )
                )
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    return (
        org,
        user,
        {
            "notes": notes,
            "initiatives": len(initiatives),
            "indicators": len(indicators),
            "values": len(values),
            "statuses": len(rounds),
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--small", type=int, default=30, help="notes in the comparison org")
    parser.add_argument("--runs", type=int, default=20, help="requests of the page")
    parser.add_argument("--pdf-runs", type=int, default=3, help="requests of the PDF")
    parser.add_argument("--file-runs", type=int, default=3, help="requests of XLSX and DOCX")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    parser.add_argument("--no-files", action="store_true", help="skip XLSX and DOCX")
    parser.add_argument("--profile", action="store_true", help="cProfile one page request")
    parser.add_argument("-v", "--verbosity", type=int, default=0)
    args = parser.parse_args()

    with throwaway_database(args.verbosity):
        from django.test import Client

        sizes = [args.notes] + ([args.small] if args.small != args.notes else [])
        results = []
        for n in sizes:
            t0 = time.perf_counter()
            org, user, counts = fill_organisation(f"bench-{n}", n)
            print(
                f"Filled {org.slug}: "
                + ", ".join(f"{v} {k}" for k, v in counts.items())
                + f" in {time.perf_counter() - t0:.1f} s"
            )
            client = Client()
            client.force_login(user)
            query = f"?dato={AS_OF.isoformat()}"
            base = f"/o/{org.slug}/rapporter/status"
            page = f"{base}/{query}"
            client.get(page)  # warm up templates, URL resolver, translations
            if args.profile and n == args.notes:
                profile(client, page)
            results.append((n, "page", measure(client, page, args.runs, "text/html")))
            if not args.no_files:
                for ext, content_type in (
                    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml"),
                    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml"),
                ):
                    url = f"{base}.{ext}{query}"
                    results.append(
                        (n, ext.upper(), measure(client, url, args.file_runs, content_type))
                    )
            if not args.no_pdf:
                url = f"{base}.pdf{query}"
                results.append((n, "PDF", measure(client, url, args.pdf_runs, "application/pdf")))
        print_table(
            results, size="notes", size_width=6, request_width=7, ms_width=9, grows="the notes"
        )


if __name__ == "__main__":
    main()
