"""Deterministic generated student records, for the benchmark (bench/students.py), the demo and
tests: ``organisations`` municipalities over ``years`` cohort years, ``students`` students in
all (default 98 × 12 and 200.000, about the SOSU students of every Danish municipality).

Every student is a valid ``StudentInput`` by the write path's rules: phases in order without
overlap (GF, then S1, O1, S2, O2, … — SSH about 5 months of basic course and 14 months of main
course, SSA 5 + 33 months, as seed 002 gives them), a training place for every training period,
absence periods each within one calendar year with sick days at most the planned days (about
8–9 % sick leave overall), an outcome dated on or after the hire date, a dropout with its phase
and cause (most in GF, O1 and O2), hire after graduation only for those who completed, and
recent cohorts still ongoing on the as-of date. Keys look like ``E-000123-45``: pseudonymous
and never CPR-shaped (calc.cpr.find_cpr matches none of them).

The same ``seed`` gives the same records, organisation by organisation (each organisation has
its own random stream, so generating one organisation alone gives the same records as
generating it among all). Generating is pure Python; ``write_import_files`` writes the
records as the file importer reads them (students.transfer's format, one CSV file per sheet).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .inputs import AbsenceInput, PhaseInput, StudentInput

DEFAULT_ORGANISATIONS = 98
DEFAULT_YEARS = 12
DEFAULT_STUDENTS = 200_000
DEFAULT_LAST_YEAR = 2025
DEFAULT_SEED = 2026

# Phase lengths in days. SSH: basic course ~5 months, main course 1 year 2 months (426 days);
# SSA: basic course ~5 months, main course 2 years 9 months (1004 days). Seed 002.
GF_DAYS = 150
MAIN_COURSE = {
    "ssh": (("S1", 50), ("O1", 140), ("S2", 56), ("O2", 180)),
    "ssa": (
        ("S1", 42),
        ("O1", 112),
        ("S2", 56),
        ("O2", 140),
        ("S3", 70),
        ("O3", 112),
        ("S4", 56),
        ("O4", 140),
        ("S5", 70),
        ("O5", 98),
        ("S6", 35),
        ("O6", 73),
    ),
}
# When dropouts happen: mostly in the basic course and the first two training periods (seed 002).
DROPOUT_PHASE_WEIGHT = {"GF": 30, "S1": 7, "O1": 25, "S2": 5, "O2": 17}
OTHER_PHASE_WEIGHT = 3
# Dropout causes per education, weighted like seed 002's Bilag 2 (2023) with a little of the
# rest so that every cause occurs.
CAUSE_WEIGHTS = {
    "ssa": {
        "private_life": 6,
        "academic_demands": 5,
        "absence": 4,
        "illness": 3,
        "ssa_to_ssh": 3,
        "job_elsewhere": 3,
        "moved": 1,
        "wrong_choice": 1,
        "death": 0.2,
        "other": 2,
    },
    "ssh": {
        "academic_demands": 5,
        "wrong_choice": 2,
        "other": 2,
        "private_life": 2,
        "illness": 1,
        "absence": 1,
        "moved": 0.5,
        "job_elsewhere": 0.5,
        "death": 0.1,
    },
}
# Seed 002: 82 % of SSA students and 73 % of SSH students are 25 or older when they start.
AGE_WEIGHTS = {
    "ssh": {"16-24": 27, "25-34": 30, "35-44": 20, "45-54": 16, "55-66": 7},
    "ssa": {"16-24": 18, "25-34": 36, "35-44": 24, "45-54": 17, "55-66": 5},
}
# Internal recruitment: seed 002 has 16,3 % = 11,2 % own unskilled + 5,1 % own SSH (to SSA).
ORIGIN_WEIGHTS = {
    "ssh": {"external": 86, "own_unskilled": 14},
    "ssa": {"external": 79, "own_unskilled": 10, "own_ssh": 11},
}
BASE_DROPOUT = {"ssh": 0.18, "ssa": 0.36}
BASE_HIRE = {"ssh": 0.60, "ssa": 0.56}
SICK_LEAVE_MEAN = 0.086

PLACE_KINDS = (
    "Omsorgscenter",
    "Plejecenter",
    "Hjemmeplejen",
    "Sygeplejen",
    "Rehabiliteringscenter",
    "Bosted",
    "Aktivitetscenter",
)
PLACE_NAMES = (
    "Egebo",
    "Solgården",
    "Lindehuset",
    "Bøgely",
    "Engbo",
    "Skovly",
    "Strandparken",
    "Toftegården",
    "Ådalen",
    "Kløverhøj",
    "Nord",
    "Syd",
    "Øst",
    "Vest",
    "Midt",
)
SSA_PLACES = ("Hospitalet, medicinsk afdeling", "Psykiatrien, distriktspsykiatri", "Akutteamet")


@dataclass(frozen=True)
class Organisation:
    """One generated organisation: its number (0-based), slug, name and students."""

    index: int
    slug: str
    name: str
    students: list[StudentInput]


def student_key(index: int) -> str:
    """``E-000123-45``: six digits and two, never CPR-shaped (which needs six and four)."""
    return f"E-{index:06d}-{(index * 37 + 11) % 97:02d}"


def split(total: int, weights: list[float]) -> list[int]:
    """``total`` split over ``weights`` in whole numbers that add up exactly (largest
    remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    for i in sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))[:rest]:
        out[i] += 1
    return out


def organisation_sizes(students: int, organisations: int, seed: int) -> list[int]:
    """Students per organisation: a few large municipalities, many small ones."""
    rnd = random.Random(f"{seed}-sizes")
    weights = [rnd.lognormvariate(0, 0.6) for _ in range(organisations)]
    return split(students, weights)


def _weighted(table: dict[str, float]) -> tuple[list[str], list[float]]:
    keys, weights = list(table), list(table.values())
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    return keys, cum


def _pick(rnd: random.Random, choice: tuple[list[str], list[float]]) -> str:
    keys, cum = choice
    x = rnd.random() * cum[-1]
    for key, c in zip(keys, cum, strict=True):
        if x < c:
            return key
    return keys[-1]


def weekdays(start: dt.date, end: dt.date) -> int:
    """Working days (Monday–Friday) from ``start`` to ``end``, both included."""
    days = (end - start).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (first + i) % 7 < 5)


_HALF_DAYS: dict[int, Decimal] = {}


def _days(half_days: int) -> Decimal:
    """Half days as a Decimal with two places (cached: the generator makes millions)."""
    value = _HALF_DAYS.get(half_days)
    if value is None:
        value = _HALF_DAYS[half_days] = (Decimal(half_days) / 2).quantize(Decimal("0.01"))
    return value


class _Generator:
    def __init__(self, index: int, first_year: int, last_year: int, seed: int):
        self.rnd = random.Random(f"{seed}-org-{index}")
        self.first_year, self.last_year = first_year, last_year
        self.as_of = dt.date(last_year, 12, 31)
        rnd = self.rnd
        # The organisation's own level: some keep more students than others, and all improve
        # a little over the years.
        self.dropout_factor = rnd.uniform(0.7, 1.3)
        self.hire_factor = rnd.uniform(0.8, 1.15)
        self.sick_factor = rnd.uniform(0.85, 1.15)
        kinds = rnd.sample(PLACE_KINDS, k=5)
        names = rnd.sample(PLACE_NAMES, k=8)
        self.places = [f"{kinds[i % len(kinds)]} {names[i]}" for i in range(len(names))]
        self.ssa_places = list(SSA_PLACES)
        self.causes = {e: _weighted(w) for e, w in CAUSE_WEIGHTS.items()}
        self.ages = {e: _weighted(w) for e, w in AGE_WEIGHTS.items()}
        self.origins = {e: _weighted(w) for e, w in ORIGIN_WEIGHTS.items()}
        self.dropout_phases = {
            e: _weighted(
                {
                    p: DROPOUT_PHASE_WEIGHT.get(p, OTHER_PHASE_WEIGHT)
                    for p in ["GF", *(name for name, _ in MAIN_COURSE[e])]
                },
            )
            for e in MAIN_COURSE
        }

    def place(self, education: str, phase: str) -> str:
        if education == "ssa" and phase in ("O3", "O5") and self.rnd.random() < 0.7:
            return self.rnd.choice(self.ssa_places)
        return self.rnd.choice(self.places)

    def student(self, number: int, education: str, cohort_year: int) -> StudentInput:
        rnd = self.rnd
        month = 2 if rnd.random() < 0.35 else 8
        hire_date = dt.date(cohort_year, month, rnd.randint(1, 15))
        plan = [("GF", GF_DAYS + rnd.randint(-10, 10))] + [
            (name, days + rnd.randint(-5, 5)) for name, days in MAIN_COURSE[education]
        ]
        # Where the student would drop out, if at all.
        trend = 1 - 0.02 * (cohort_year - self.first_year)
        p_drop = BASE_DROPOUT[education] * self.dropout_factor * max(trend, 0.6)
        drop_phase = _pick(rnd, self.dropout_phases[education]) if rnd.random() < p_drop else ""
        cause = _pick(rnd, self.causes[education]) if drop_phase else ""
        sick_rate = rnd.gammavariate(1.5, SICK_LEAVE_MEAN * self.sick_factor / 1.5)
        if cause in ("absence", "illness"):
            sick_rate *= 2.5
        sick_rate = min(sick_rate, 0.6)

        phases: list[PhaseInput] = []
        absences: list[AbsenceInput] = []
        outcome, outcome_date, dropout_phase = "completed", None, ""
        start = hire_date
        for name, days in plan:
            end = start + dt.timedelta(days=days - 1)
            if name == drop_phase:
                dropout_date = start + dt.timedelta(days=rnd.randint(0, days - 1))
                if dropout_date <= self.as_of:
                    end = dropout_date
                    outcome, outcome_date, dropout_phase = "dropped_out", dropout_date, name
            if start > self.as_of:
                outcome = "ongoing"
                break
            current = end > self.as_of and outcome != "dropped_out"
            place = self.place(education, name) if name.startswith("O") else ""
            phases.append(
                PhaseInput(phase=name, start=start, end=None if current else end, place=place)
            )
            self._absences(absences, start, min(end, self.as_of), sick_rate)
            if current:
                outcome = "ongoing"
                break
            if outcome == "dropped_out":
                break
            start = end + dt.timedelta(days=1)
        else:
            outcome_date = phases[-1].end

        hired_after, hired_where = None, ""
        if outcome == "completed":
            p_hire = min(BASE_HIRE[education] * self.hire_factor, 0.95)
            hired_after = rnd.random() < p_hire
            if hired_after:
                last_place = next((p.place for p in reversed(phases) if p.place), "")
                hired_where = last_place if rnd.random() < 0.6 else rnd.choice(self.places)
        origin = _pick(rnd, self.origins[education])
        return StudentInput(
            key=student_key(number),
            education=education,
            hire_date=hire_date,
            age_band=_pick(rnd, self.ages[education]),
            origin=origin,
            outcome=outcome,
            outcome_date=outcome_date if outcome != "ongoing" else None,
            dropout_phase=dropout_phase,
            dropout_cause=cause if outcome == "dropped_out" else "",
            hired_after=hired_after,
            hired_where=hired_where,
            phases=tuple(phases),
            absences=tuple(absences),
        )

    def _absences(self, out: list, start: dt.date, end: dt.date, sick_rate: float) -> None:
        """One absence period per calendar year of the phase span ``start``–``end``."""
        rnd = self.rnd
        while start <= end:
            part_end = min(end, dt.date(start.year, 12, 31))
            planned = weekdays(start, part_end)
            if planned:
                sick_half_days = round(planned * 2 * sick_rate * rnd.uniform(0.4, 1.6))
                out.append(
                    AbsenceInput(
                        start=start,
                        end=part_end,
                        planned_days=_days(planned * 2),
                        sick_days=_days(min(sick_half_days, planned * 2)),
                    )
                )
            start = part_end + dt.timedelta(days=1)


def organisation_students(
    index: int,
    students: int,
    *,
    years: int = DEFAULT_YEARS,
    last_year: int = DEFAULT_LAST_YEAR,
    seed: int = DEFAULT_SEED,
) -> list[StudentInput]:
    """The ``students`` students of organisation number ``index``: cohorts ``last_year -
    years + 1`` to ``last_year``, about 45 % SSH and 55 % SSA, numbered from 1."""
    first_year = last_year - years + 1
    gen = _Generator(index, first_year, last_year, seed)
    rnd = gen.rnd
    # Intake grows a little over the years (the required intake has risen).
    per_year = split(students, [1 + 0.03 * y + rnd.uniform(-0.1, 0.1) for y in range(years)])
    out: list[StudentInput] = []
    number = 0
    for offset, count in enumerate(per_year):
        for _ in range(count):
            number += 1
            education = "ssh" if rnd.random() < 0.45 else "ssa"
            out.append(gen.student(number, education, first_year + offset))
    return out


def organisation_slug(index: int) -> str:
    return f"kommune-{index + 1:03d}"


def generate(
    *,
    organisations: int = DEFAULT_ORGANISATIONS,
    years: int = DEFAULT_YEARS,
    students: int = DEFAULT_STUDENTS,
    last_year: int = DEFAULT_LAST_YEAR,
    seed: int = DEFAULT_SEED,
) -> Iterator[Organisation]:
    """The organisations one at a time (so that a caller can import and forget each before
    the next is built), with ``students`` students in all."""
    for index, size in enumerate(organisation_sizes(students, organisations, seed)):
        yield Organisation(
            index=index,
            slug=organisation_slug(index),
            name=f"Elevkommune {index + 1}",
            students=organisation_students(
                index, size, years=years, last_year=last_year, seed=seed
            ),
        )


def _csv_cell(value) -> str:
    """A value as a Danish CSV cell: dates dd-mm-åååå, decimal comma, empty for None."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return str(value).replace(".", ",")
    return str(value)


def write_import_files(students: Sequence[StudentInput], directory: Path | str) -> list[Path]:
    """``students`` as the student import's CSV files in ``directory``, one per sheet
    (»Elever.csv«, »Forløb.csv«, »Fravær.csv«; semicolons, UTF-8), in the documented format
    of students.transfer, which reads them back as the same records. Returns the paths."""
    import csv

    from .transfer import SHEETS, student_rows

    rows = student_rows(students)
    paths = []
    for sheet in SHEETS:
        path = Path(directory) / f"{sheet.title}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=";")
            writer.writerow([c.header for c in sheet.columns])
            for row in rows[sheet.title]:
                writer.writerow([_csv_cell(row.get(c.key)) for c in sheet.columns])
        paths.append(path)
    return paths
