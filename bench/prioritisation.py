"""Benchmark the prioritisation overview page and its PDF.

    .venv/bin/python bench/prioritisation.py [--initiatives 500] [--runs 30] [--pdf-runs 10]

Builds a throwaway database (SQLite in a temporary directory; with DATABASE_URL set, a
``test_<name>`` database on that server, created and dropped by Django's test machinery), fills
one organisation with N initiatives × 5 cost lines (stated and formula lines, one-time and
yearly, some reading the hourly-rate parameter) × 4 scenarios, plus a small organisation with
--small initiatives, then times requests with the Django test client as a logged-in member and
counts SQL queries per request. The query count must be the same for both sizes.

The fixture uses bulk_create for speed; it is benchmark data, not a write path, but it builds
the same rows the services would (valid factors, scenario keys that exist in the formulas).
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import measure, print_table, profile, throwaway_database  # noqa: E402

YEAR = 2026


def fill_organisation(slug: str, n: int):
    """One organisation with ``n`` initiatives, each with 5 cost lines and 4 scenarios."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from indsats.initiatives.models import (
        BudgetFrame,
        CostFactor,
        CostLine,
        FocusArea,
        Initiative,
        KLRecommendation,
        Scenario,
        ScenarioValue,
        Theme,
    )
    from indsats.organisations.models import (
        Membership,
        Organisation,
        Parameter,
        ParameterValue,
        Unit,
    )

    org = Organisation.objects.create(slug=slug, name=f"Benchrup Kommune ({n})", budget_year=YEAR)
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
    themes = Theme.objects.bulk_create(
        [
            Theme(organisation=org, name=name, order=i)
            for i, name in enumerate(
                [
                    "Rekruttering til og fastholdelse i uddannelse",
                    "Rekruttering til og fastholdelse i stillinger",
                    "Arbejdsmiljø og trivsel",
                    "Kompetenceudvikling",
                    "Ledelse",
                    "Sprog og inklusion",
                ],
                start=1,
            )
        ]
    )
    focus_areas = FocusArea.objects.bulk_create(
        [
            FocusArea(organisation=org, name=name, order=i)
            for i, name in enumerate(["Før uddannelse", "Under uddannelse", "Efter uddannelse"])
        ]
    )
    units = Unit.objects.bulk_create(
        [Unit(organisation=org, name=f"Center for Sundhed og Omsorg {i}") for i in range(1, 5)]
    )
    KLRecommendation.objects.bulk_create(
        [KLRecommendation(number=i, title=f"Anbefaling {i}") for i in range(1, 39)],
        ignore_conflicts=True,
    )
    kl = list(KLRecommendation.objects.order_by("number"))
    fundings = ["separate", "separate", "operations", "external"]
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                organisation=org,
                code=f"{i // 100 + 1}.{i % 100 + 1}",
                title=f"Frikøb af tid til praktikvejledning, forløb {i + 1}",
                description="Praktikvejledere frikøbes til planlægning af praktikforløbet.",
                purpose="At flere elever gennemfører uddannelsen.",
                theme=themes[i % len(themes)],
                focus_area=focus_areas[i % len(focus_areas)] if i % 5 else None,
                unit=units[i % len(units)] if i % 3 else None,
                priority_step=(i % 4) + 1 if i % 9 else None,
                funding=fundings[i % len(fundings)],
                state="proposed",
                start_year=2024 + i % 4,
                end_year=None if i % 2 else 2024 + i % 4 + 3,
            )
            for i in range(n)
        ]
    )
    through = Initiative.kl_recommendations.through
    through.objects.bulk_create(
        [
            through(initiative_id=ini.pk, klrecommendation_id=kl[(i * 7 + j) % len(kl)].pk)
            for i, ini in enumerate(initiatives)
            for j in range(2)
        ]
    )
    lines: list[CostLine] = []
    for ini in initiatives:
        s = ini.start_year
        lines += [
            # 1: release time, yearly, formula reading the hourly-rate parameter
            CostLine(
                initiative=ini,
                order=1,
                label="Frikøb af praktikvejledere",
                category="release_time",
                recurrence="yearly",
            ),
            # 2: course purchase, one-time, stated
            CostLine(
                initiative=ini,
                order=2,
                label="Kursusindkøb",
                category="course_purchase",
                recurrence="one_time",
                year=s,
                stated_amount=Decimal("226500.00"),
            ),
            # 3: wage supplement, yearly, share × base amount
            CostLine(
                initiative=ini,
                order=3,
                label="Udbetaling af søndagstillæg",
                category="wage",
                recurrence="yearly",
                start_year=s,
                end_year=s + 2,
            ),
            # 4: development, one-time, formula and a rounded stated amount
            CostLine(
                initiative=ini,
                order=4,
                label="Frikøb til kursus",
                category="release_time",
                recurrence="one_time",
                year=s + 1,
                stated_amount=Decimal("403000.00"),
            ),
            # 5: other, yearly, stated
            CostLine(
                initiative=ini,
                order=5,
                label="Lektiecafé",
                category="other",
                recurrence="yearly",
                start_year=s,
                stated_amount=Decimal("40000.00"),
            ),
        ]
    lines = CostLine.objects.bulk_create(lines)
    factors: list[CostFactor] = []
    for k in range(0, len(lines), 5):
        l1, _l2, l3, l4, _l5 = lines[k : k + 5]
        factors += [
            CostFactor(cost_line=l1, order=1, key="personer", label="Vejledere", value=100),
            CostFactor(cost_line=l1, order=2, key="timer_pr_md", label="Timer pr. md.", value=10),
            CostFactor(cost_line=l1, order=3, key="maaneder", label="Måneder", value=10),
            CostFactor(
                cost_line=l1, order=4, key="timepris", label="Timepris", unit="kr.", parameter=rate
            ),
            CostFactor(cost_line=l3, order=1, key="andel", label="Andel", value=Decimal("0.5")),
            CostFactor(
                cost_line=l3, order=2, key="grundbeloeb", label="Beløb", unit="kr.", value=6878000
            ),
            CostFactor(cost_line=l4, order=1, key="kursister", label="Personer", value=1000),
            CostFactor(cost_line=l4, order=2, key="kursustimer", label="Timer", value=2),
            CostFactor(
                cost_line=l4, order=3, key="timepris", label="Timepris", unit="kr.", parameter=rate
            ),
        ]
    CostFactor.objects.bulk_create(factors)
    scenarios = Scenario.objects.bulk_create(
        [
            Scenario(initiative=ini, name=f"{h} timer pr. md.", order=j)
            for ini in initiatives
            for j, h in enumerate((5, 10, 15, 20), start=1)
        ]
    )
    ScenarioValue.objects.bulk_create(
        [
            v
            for j, sc in enumerate(scenarios)
            for v in (
                ScenarioValue(scenario=sc, key="timer_pr_md", value=5 * (j % 4 + 1)),
                ScenarioValue(scenario=sc, key="andel", value=Decimal("0.25") * (j % 4 + 1)),
            )
        ]
    )
    for i, ini in enumerate(initiatives):
        if i % 2:
            ini.selected_scenario = scenarios[4 * i + i % 4]
    Initiative.objects.bulk_update(initiatives, ["selected_scenario"])
    BudgetFrame.objects.bulk_create(
        [
            BudgetFrame(organisation=org, year=YEAR, step=step, amount=Decimal(n * 2_000_000))
            for step in (1, 2, 3, 4)
        ]
    )
    return org, user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=500)
    parser.add_argument("--small", type=int, default=50, help="size of the comparison org")
    parser.add_argument("--runs", type=int, default=30, help="requests of the overview page")
    parser.add_argument("--pdf-runs", type=int, default=10, help="requests of the PDF")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one overview and one PDF request"
    )
    parser.add_argument("-v", "--verbosity", type=int, default=0)
    args = parser.parse_args()

    with throwaway_database(args.verbosity):
        from django.test import Client

        sizes = [args.initiatives] + ([args.small] if args.small != args.initiatives else [])
        results = []
        for n in sizes:
            t0 = time.perf_counter()
            org, user = fill_organisation(f"bench-{n}", n)
            print(
                f"Filled {org.slug}: {n} initiatives, {n * 5} cost lines, "
                f"{n * 4} scenarios in {time.perf_counter() - t0:.1f} s"
            )
            client = Client()
            client.force_login(user)
            page = f"/o/{org.slug}/prioritering/?year={YEAR}"
            pdf = f"/o/{org.slug}/rapporter/prioritering.pdf?year={YEAR}"
            client.get(page)  # warm up templates, URL resolver, translations
            if args.profile and n == args.initiatives:
                profile(client, page)
            results.append((n, "overview", measure(client, page, args.runs, "text/html")))
            if not args.no_pdf:
                client.get(pdf)
                if args.profile and n == args.initiatives:
                    profile(client, pdf)
                results.append((n, "PDF", measure(client, pdf, args.pdf_runs, "application/pdf")))
        print_table(
            results,
            size="initiatives",
            size_width=11,
            request_width=8,
            ms_width=8,
            grows="initiatives",
        )


if __name__ == "__main__":
    main()
