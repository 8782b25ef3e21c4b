"""Frederikssund's published pipeline figures (seed 002) as one specification, written either as
entered totals (through students.services_totals) or as equivalent student records (with the
ORM), so that tests can check that both paths give the same KPIs and the same page.

Cohorts: SSH 2022 37 started, 31 completed, 6 dropped out, 19 hired; SSA 2020 45 / 27 / 18 / 15
(both finished: the "latest finished" cohorts of the strategy). The 2023 dropout causes of
Bilag 2 (SSA 28 in 9 causes, SSH 9 in 3) come from the dropouts in 2023: SSH 2022's six and
three of an ongoing SSH 2023 cohort, and 28 of an ongoing SSA 2023 cohort. SSA 2020's dropouts
left in 2021.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from indsats.students import services_totals
from indsats.students.models import Student

# (education, cohort year, started, completed, hired, dropouts as [(cause, phase, year, n)],
#  places of hire {place: n})
COHORTS = [
    (
        "ssh",
        2022,
        37,
        31,
        19,
        [("academic_demands", "O1", 2023, 5), ("wrong_choice", "S2", 2023, 1)],
        {"Døgnplejen": 7, "Omsorgscentre/daghjem": 7, "Ansat som SSA-elever": 5},
    ),
    (
        "ssh",
        2023,
        27,
        0,
        0,
        [("wrong_choice", "GF", 2023, 1), ("other", "GF", 2023, 2)],
        {},
    ),
    (
        "ssa",
        2020,
        45,
        27,
        15,
        [("private_life", "GF", 2021, 8), ("academic_demands", "O1", 2021, 10)],
        {
            "Døgnplejen": 8,
            "Omsorgscentre/daghjem": 5,
            "Rehabilitering og de midlertidige pladser": 2,
        },
    ),
    (
        "ssa",
        2023,
        56,
        0,
        0,
        [
            ("private_life", "GF", 2023, 6),
            ("academic_demands", "O1", 2023, 5),
            ("absence", "O1", 2023, 4),
            ("illness", "S2", 2023, 3),
            ("ssa_to_ssh", "GF", 2023, 3),
            ("job_elsewhere", "O2", 2023, 3),
            ("moved", "O2", 2023, 1),
            ("death", "S3", 2023, 1),
            ("other", "GF", 2023, 2),
        ],
        {},
    ),
]
REQUIRED = {"ssh": 27, "ssa": 56}
SICK_LEAVE_2023 = Decimal("8.64")

CAUSES_2023 = {
    "ssa": {
        "private_life": 6,
        "academic_demands": 5,
        "absence": 4,
        "illness": 3,
        "ssa_to_ssh": 3,
        "job_elsewhere": 3,
        "moved": 1,
        "death": 1,
        "other": 2,
    },
    "ssh": {"academic_demands": 5, "wrong_choice": 2, "other": 2},
}


def _year_figures(organisation, actor) -> None:
    for year in range(2020, 2024):
        for education, required in REQUIRED.items():
            services_totals.required_intake_set(
                organisation=organisation,
                actor=actor,
                education=education,
                year=year,
                required=required,
            )
    services_totals.sick_leave_figure_set(
        organisation=organisation, actor=actor, education="", year=2023, rate=SICK_LEAVE_2023
    )


def enter_totals(organisation, actor=None) -> None:
    """The published figures entered through the services."""
    causes: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for education, year, started, completed, hired, dropouts, places in COHORTS:
        services_totals.cohort_figures_save(
            organisation=organisation,
            actor=actor,
            education=education,
            cohort_year=year,
            started=started,
            completed=completed,
            dropped_out=sum(n for *_x, n in dropouts),
            hired=hired,
            note="Strategi maj 2024",
        )
        phases: dict[str, int] = defaultdict(int)
        for cause, phase, dropout_year, n in dropouts:
            causes[(education, dropout_year)][cause] += n
            phases[phase] += n
        services_totals.breakdown_figures_set(
            organisation=organisation,
            actor=actor,
            kind="phase",
            education=education,
            year=year,
            counts=dict(phases),
        )
        if places:
            services_totals.breakdown_figures_set(
                organisation=organisation,
                actor=actor,
                kind="place",
                education=education,
                year=year,
                counts=places,
            )
    for (education, year), counts in causes.items():
        services_totals.breakdown_figures_set(
            organisation=organisation,
            actor=actor,
            kind="cause",
            education=education,
            year=year,
            counts=dict(counts),
        )
    _year_figures(organisation, actor)


def create_records(organisation, actor=None) -> None:
    """Equivalent student records, created with the ORM (plus the year figures, which are
    entered in both cases: the required intake and the published sick leave)."""
    students = []
    n = 0
    for education, year, started, completed, hired, dropouts, places in COHORTS:
        hire_date = dt.date(year, 8, 1)
        place_list = [p for p, count in places.items() for _i in range(count)]

        def student(education=education, hire_date=hire_date, year=year, **kw):
            nonlocal n
            n += 1
            return Student(
                organisation=organisation,
                key=f"elev-{n:04d}",
                education=education,
                hire_date=hire_date,
                cohort_year=year,
                age_band="25-34",
                **kw,
            )

        for i in range(completed):
            done = dt.date(year + 2, 6, 30)
            students.append(
                student(
                    outcome="completed",
                    outcome_date=done,
                    outcome_year=done.year,
                    hired_after=i < hired,
                    hired_where=place_list[i] if i < hired else "",
                )
            )
        for cause, phase, dropout_year, count in dropouts:
            for _i in range(count):
                left = (
                    dt.date(dropout_year, 9, 15)
                    if dropout_year == year
                    else dt.date(dropout_year, 3, 1)
                )
                students.append(
                    student(
                        outcome="dropped_out",
                        outcome_date=left,
                        outcome_year=left.year,
                        dropout_cause=cause,
                        dropout_phase=phase,
                    )
                )
        ongoing = started - completed - sum(c for *_x, c in dropouts)
        for _i in range(ongoing):
            students.append(student(outcome="ongoing"))
    Student.objects.bulk_create(students)
    _year_figures(organisation, actor)
