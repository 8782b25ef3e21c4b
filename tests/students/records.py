"""Student records for tests: valid StudentInputs of every outcome, with phases and absences."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from indsats.students.inputs import AbsenceInput, PhaseInput, StudentInput

PLACES = ("Plejecenter Solgården", "Hjemmeplejen Nord", "Sygehus Nordsjælland")
CAUSES = ("private_life", "academic_demands", "absence", "illness", "other")


def student(n: int, year: int = 2021, **changes) -> StudentInput:
    """Student number ``n`` of a cohort: completed and hired, completed, dropped out or ongoing
    in turn; seven phases (each a month, one after the other) and ten absence periods."""
    kind = n % 4
    hire = dt.date(year, 8, 1)
    phases = []
    start = hire
    for i, code in enumerate(("GF", "S1", "O1", "S2", "O2", "S3", "O3")):
        end = start + dt.timedelta(days=27)
        place = PLACES[(n + i) % len(PLACES)] if code.startswith("O") else ""
        phases.append(PhaseInput(phase=code, start=start, end=end, place=place))
        start = end + dt.timedelta(days=1)
    absences = []
    for m in range(10):
        month_start = dt.date(year + 1, m + 1, 1)
        absences.append(
            AbsenceInput(
                start=month_start,
                end=month_start + dt.timedelta(days=20),
                planned_days=Decimal(20),
                sick_days=Decimal((n + m) % 3),
            )
        )
    values = dict(
        key=f"E{year}-{n:05d}",
        education="ssh" if n % 2 else "ssa",
        hire_date=hire,
        age_band="25-34",
        origin=("external", "own_unskilled", "own_ssh")[n % 3],
        phases=tuple(phases),
        absences=tuple(absences),
    )
    if kind == 0:
        values.update(
            outcome="completed",
            outcome_date=dt.date(year + 2, 6, 30),
            hired_after=True,
            hired_where=PLACES[n % len(PLACES)],
        )
    elif kind == 1:
        values.update(outcome="completed", outcome_date=dt.date(year + 2, 6, 30), hired_after=False)
    elif kind == 2:
        values.update(
            outcome="dropped_out",
            outcome_date=dt.date(year + 1, 3, 15),
            dropout_phase="O1",
            dropout_cause=CAUSES[n % len(CAUSES)],
        )
    values.update(changes)
    return StudentInput(**values)


def cohort(size: int, year: int = 2021) -> list[StudentInput]:
    return [student(n, year) for n in range(size)]


__all__ = ["cohort", "replace", "student"]
