"""Deterministic, pseudonymous student records for the Frederikssund demo: the SSH and SSA
cohorts 2019–2025, built so that the pipeline computed from them gives exactly the figures the
strategy publishes (seed 002):

- SSH 2022: 37 hired as students, 31 completed (83,8 %), 19 hired afterwards (61,3 %): 7 in
  Døgnplejen, 7 in Omsorgscentre/daghjem, 5 »Ansat som SSA-elev«;
- SSA 2020: 45 / 27 (60,0 %) / 15 (55,6 %): 8 Døgnplejen, 5 Omsorgscentre/daghjem, 2
  Rehabilitering og de midlertidige pladser; (19 + 15) ÷ (37 + 45) = 41,5 %;
- dropouts in 2023 by cause as in Bilag 2 (SSA 28 in 9 causes, SSH 9 in 3);
- 98 students hired in 2023, 11 of them own unskilled employees (11,2 %) and 5 own SSH going on
  to SSA (5,1 %): 16,3 % recruited internally;
- sick leave 8,64 % of planned working days in 2023;
- the required intake (56 SSA, 27 SSH) met every year but 2019–2020;
- most dropouts in the basic course (GF) and the first two training periods (O1, O2).

Nothing is random: every student follows from the tables below, so loading the demo twice
gives the same records. Students still in training on ``AS_OF`` are ongoing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from indsats.students.inputs import AbsenceInput, PhaseInput, StudentInput

AS_OF = dt.date(2026, 6, 30)
SOURCE = "Demo: genererede elevdata for Frederikssund (seed 002)"

# Phase plans: (phase, months from the hire date to its start). The last entry is the end of
# the education. A dropout leaves one month after its phase began.
PLANS = {
    "ssa": [
        ("GF", 0),
        ("S1", 5),
        ("O1", 8),
        ("S2", 13),
        ("O2", 16),
        ("S3", 21),
        ("O3", 24),
        ("S4", 29),
        ("O4", 31),
        ("S5", 35),
        ("END", 38),
    ],
    "ssh": [("GF", 0), ("S1", 5), ("O1", 7), ("S2", 12), ("O2", 14), ("S3", 18), ("END", 19)],
}
PLACES = {
    "ssa": {
        "O1": ["Omsorgscenter Nord", "Omsorgscenter Syd", "Omsorgscenter Øst"],
        "O2": ["Døgnplejen Nord", "Døgnplejen Syd"],
        "O3": ["Nordsjællands Hospital (Region Hovedstaden)", "Psykiatrisk Center Nordsjælland"],
        "O4": ["Rehabilitering og de midlertidige pladser", "Døgnplejen Vest"],
    },
    "ssh": {
        "O1": [
            "Omsorgscenter Nord",
            "Omsorgscenter Syd",
            "Omsorgscenter Øst",
            "Omsorgscenter Vest",
        ],
        "O2": ["Døgnplejen Nord", "Døgnplejen Syd", "Døgnplejen Vest"],
    },
}
SCHOOL = "SOSU H"

FEB, AUG = "F", "A"  # students are hired on 1 February or 1 August

DØGNPLEJEN = "Døgnplejen"
OMSORG = "Omsorgscentre/daghjem"
REHAB = "Rehabilitering og de midlertidige pladser"
SSA_ELEV = "Ansat som SSA-elev"


@dataclass(frozen=True)
class Cohort:
    education: str
    year: int
    started: int
    # dropouts: (phase, half, count)
    dropouts: tuple[tuple[str, str, int], ...]
    # places of hire after graduation: {place: count}
    hired: dict[str, int]
    own_unskilled: int
    own_ssh: int = 0


COHORTS = [
    # SSA -------------------------------------------------------------------------------------
    Cohort("ssa", 2019, 48, (("GF", FEB, 4), ("GF", AUG, 3), ("O1", FEB, 3), ("O1", AUG, 2),
           ("S2", FEB, 1), ("O2", FEB, 2), ("O2", AUG, 2), ("O3", FEB, 1), ("O3", AUG, 1)),
           {DØGNPLEJEN: 8, OMSORG: 6, REHAB: 2}, 4, 4),
    Cohort("ssa", 2020, 45, (("GF", FEB, 4), ("GF", AUG, 3), ("O1", FEB, 3), ("O1", AUG, 2),
           ("O2", FEB, 2), ("O2", AUG, 2), ("O3", FEB, 1), ("O4", AUG, 1)),
           {DØGNPLEJEN: 8, OMSORG: 5, REHAB: 2}, 5, 3),
    Cohort("ssa", 2021, 57, (("GF", FEB, 4), ("GF", AUG, 4), ("O1", FEB, 3), ("O1", AUG, 3),
           ("O2", FEB, 2), ("O2", AUG, 3), ("O3", FEB, 2), ("S4", AUG, 1)),
           {DØGNPLEJEN: 9, OMSORG: 7, REHAB: 3}, 4, 5),
    Cohort("ssa", 2022, 58, (("GF", FEB, 5), ("GF", AUG, 4), ("O1", FEB, 3), ("O1", AUG, 3),
           ("O2", FEB, 3), ("O2", AUG, 2), ("O3", FEB, 2), ("S2", AUG, 1)),
           {DØGNPLEJEN: 10, OMSORG: 8, REHAB: 3}, 6, 4),
    Cohort("ssa", 2023, 64, (("GF", FEB, 5), ("GF", AUG, 5), ("S1", FEB, 2), ("O1", FEB, 3),
           ("O1", AUG, 3), ("O2", FEB, 3), ("O2", AUG, 2), ("O3", FEB, 1)),
           {DØGNPLEJEN: 5, OMSORG: 4, REHAB: 1}, 6, 5),
    Cohort("ssa", 2024, 60, (("GF", FEB, 4), ("GF", AUG, 4), ("O1", FEB, 3), ("O1", AUG, 2),
           ("O2", FEB, 2), ("O2", AUG, 1)), {}, 5, 6),
    Cohort("ssa", 2025, 58, (("GF", FEB, 4), ("GF", AUG, 3), ("O1", FEB, 3)), {}, 4, 4),
    # SSH -------------------------------------------------------------------------------------
    Cohort("ssh", 2019, 30, (("GF", FEB, 1), ("GF", AUG, 1), ("O1", FEB, 1), ("O1", AUG, 1),
           ("O2", FEB, 1)), {DØGNPLEJEN: 6, OMSORG: 6, SSA_ELEV: 3}, 3),
    Cohort("ssh", 2020, 28, (("GF", FEB, 1), ("GF", AUG, 1), ("O1", FEB, 1), ("O1", AUG, 1),
           ("O2", AUG, 1)), {DØGNPLEJEN: 5, OMSORG: 5, SSA_ELEV: 3}, 4),
    Cohort("ssh", 2021, 29, (("GF", FEB, 1), ("GF", AUG, 1), ("O1", AUG, 1), ("O2", AUG, 1)),
           {DØGNPLEJEN: 6, OMSORG: 5, SSA_ELEV: 4}, 4),
    Cohort("ssh", 2022, 37, (("GF", FEB, 1), ("O1", FEB, 1), ("O1", AUG, 2), ("O2", FEB, 1),
           ("O2", AUG, 1)), {DØGNPLEJEN: 7, OMSORG: 7, SSA_ELEV: 5}, 4),
    Cohort("ssh", 2023, 34, (("GF", FEB, 2), ("GF", AUG, 1), ("S1", FEB, 1), ("O1", FEB, 1)),
           {DØGNPLEJEN: 7, OMSORG: 6, SSA_ELEV: 5}, 5),
    Cohort("ssh", 2024, 30, (("GF", FEB, 1), ("GF", AUG, 1), ("O1", FEB, 1), ("O2", AUG, 1)),
           {DØGNPLEJEN: 6, OMSORG: 6, SSA_ELEV: 4}, 4),
    Cohort("ssh", 2025, 29, (("GF", FEB, 1), ("GF", AUG, 1)), {}, 4),
]  # fmt: skip

# Dropout causes of 2023 (seed 002, Bilag 2), given out in this order to the dropouts of 2023.
CAUSES_2023 = {
    "ssa": [
        ("private_life", 6),
        ("academic_demands", 5),
        ("absence", 4),
        ("illness", 3),
        ("ssa_to_ssh", 3),
        ("job_elsewhere", 3),
        ("moved", 1),
        ("death", 1),
        ("other", 2),
    ],
    "ssh": [("academic_demands", 5), ("wrong_choice", 2), ("other", 2)],
}
# Other years: the causes in turn, most often the commonest ones.
CAUSE_CYCLE = {
    "ssa": [
        "private_life",
        "academic_demands",
        "absence",
        "private_life",
        "illness",
        "academic_demands",
        "ssa_to_ssh",
        "job_elsewhere",
        "other",
        "moved",
    ],
    "ssh": ["academic_demands", "wrong_choice", "private_life", "academic_demands", "other"],
}

# Sick leave per calendar year, % of planned working days (2023: 8,64 %, seed 002).
SICK_RATE = {
    2019: Decimal("7.92"),
    2020: Decimal("8.40"),
    2021: Decimal("8.80"),
    2022: Decimal("9.12"),
    2023: Decimal("8.64"),
    2024: Decimal("8.36"),
    2025: Decimal("7.96"),
    2026: Decimal("7.72"),
}
# Spread of sick leave between students (× the year's rate), in turn.
SICK_SPREAD = [Decimal(x) for x in ("0", "0.4", "1.6", "0.8", "1.2", "0.2", "2.2", "0.6", "2.0")]

AGE_PATTERN = {
    # SSA: 82 % are 25 or older when they start; SSH: 73 % (seed 002).
    "ssa": ["25-34", "35-44", "16-24", "45-54", "25-34", "35-44", "55-66", "25-34", "45-54",
            "16-24", "35-44"],
    "ssh": ["25-34", "16-24", "35-44", "45-54", "16-24", "25-34", "55-66", "35-44", "16-24",
            "45-54", "25-34"],
}  # fmt: skip


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, day.day)


def hire_date(year: int, half: str) -> dt.date:
    return dt.date(year, 2 if half == FEB else 8, 1)


def weekdays(start: dt.date, end: dt.date) -> int:
    """Monday–Friday days from ``start`` to ``end``, both included."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for i in range(rest):
        if (start.weekday() + i) % 7 < 5:
            count += 1
    return count


@dataclass
class _Plan:
    """One student before the absence periods are worked out."""

    key: str
    education: str
    hire: dt.date
    age_band: str
    origin: str
    outcome: str
    outcome_date: dt.date | None
    dropout_phase: str
    hired_after: bool | None
    hired_where: str
    phases: tuple[PhaseInput, ...]

    @property
    def last_day(self) -> dt.date:
        return self.outcome_date or AS_OF


def _phases(education: str, hire: dt.date, until_phase: str | None, end: dt.date | None, n: int):
    """Phases from the plan up to ``until_phase`` (a dropout's phase, ending ``end``), or all
    (a completed student, ending ``end``), or those begun by AS_OF (an ongoing student)."""
    plan = PLANS[education]
    out = []
    for (phase, month), (_next_phase, next_month) in zip(plan, plan[1:], strict=False):
        start = add_months(hire, month)
        if end is None and start > AS_OF:
            break
        phase_end = add_months(hire, next_month) - dt.timedelta(days=1)
        if phase == until_phase:
            phase_end = end
        elif end is None and phase_end >= AS_OF:
            phase_end = None
        places = PLACES[education].get(phase)
        place = places[n % len(places)] if places else SCHOOL
        out.append(PhaseInput(phase=phase, start=start, end=phase_end, place=place))
        if phase == until_phase or phase_end is None:
            break
    return tuple(out)


def _plans() -> list[_Plan]:
    plans: list[_Plan] = []
    dropouts_by_year: dict[tuple[str, int], list[int]] = {}
    for cohort in COHORTS:
        e, year = cohort.education, cohort.year
        halves = [FEB] * ((cohort.started + 1) // 2) + [AUG] * (cohort.started // 2)
        free = {FEB: halves.count(FEB), AUG: halves.count(AUG)}
        rows: list[tuple[str, str | None]] = []  # (half, dropout phase or None)
        for phase, half, count in cohort.dropouts:
            rows += [(half, phase)] * count
            free[half] -= count
        stayers = [(FEB, None)] * free[FEB] + [(AUG, None)] * free[AUG]
        # Completed students: hired afterwards first (in the order of the places), then not.
        hired_places = [place for place, count in cohort.hired.items() for _ in range(count)]
        n_hired = 0
        everyone = rows + stayers
        # Own employees are spread over the cohort: every k-th student, from the end.
        origins = ["external"] * len(everyone)
        own = ["own_ssh"] * cohort.own_ssh + ["own_unskilled"] * cohort.own_unskilled
        step = max(1, len(everyone) // max(1, len(own)))
        for k, origin in enumerate(own):
            origins[len(everyone) - 1 - k * step] = origin
        for seq, (half, dropout_phase) in enumerate(everyone, start=1):
            key = f"FRS-{e.upper()}-{year}-{seq:03d}"
            hire = hire_date(year, half)
            origin = origins[seq - 1]
            age = AGE_PATTERN[e][(seq + year) % len(AGE_PATTERN[e])]
            if origin == "own_ssh" and age == "16-24":
                age = "25-34"
            if dropout_phase:
                month = dict(PLANS[e])[dropout_phase] + 1
                left = add_months(hire, month) + dt.timedelta(days=14)
                plans.append(
                    _Plan(key, e, hire, age, origin, "dropped_out", left, dropout_phase, None, "",
                          _phases(e, hire, dropout_phase, left, seq))
                )  # fmt: skip
                dropouts_by_year.setdefault((e, left.year), []).append(len(plans) - 1)
                continue
            done = add_months(hire, PLANS[e][-1][1]) - dt.timedelta(days=1)
            if done > AS_OF:
                plans.append(
                    _Plan(key, e, hire, age, origin, "ongoing", None, "", None, "",
                          _phases(e, hire, None, None, seq))
                )  # fmt: skip
                continue
            where = hired_places[n_hired] if n_hired < len(hired_places) else ""
            n_hired += 1
            plans.append(
                _Plan(key, e, hire, age, origin, "completed", done, "", bool(where), where,
                      _phases(e, hire, "END-none", done, seq))
            )  # fmt: skip
        if n_hired < len(hired_places):
            raise ValueError(f"{e} {year}: too few completed students for the places of hire")
    return plans, dropouts_by_year


def _causes(plans: list[_Plan], dropouts_by_year) -> dict[int, str]:
    """The cause of each dropout (by plan index): Bilag 2 for 2023, the cycle otherwise."""
    causes: dict[int, str] = {}
    for (e, year), indexes in sorted(dropouts_by_year.items()):
        if year == 2023:
            listed = [cause for cause, count in CAUSES_2023[e] for _ in range(count)]
            if len(listed) != len(indexes):
                raise ValueError(
                    f"{e}: {len(indexes)} dropouts in 2023, Bilag 2 lists {len(listed)}"
                )
            wanted = listed
        else:
            cycle = CAUSE_CYCLE[e]
            wanted = [cycle[(i + year) % len(cycle)] for i in range(len(indexes))]
        for index, cause in zip(indexes, wanted, strict=True):
            causes[index] = cause
    return causes


def _absences(plans: list[_Plan]) -> dict[int, list[AbsenceInput]]:
    """One absence period per student and calendar year: the planned working days while a
    student, and sick days spread between students so that each year adds up to SICK_RATE
    exactly (the last student of the year takes the remainder; the year's planned days are
    trimmed to a multiple of 25 so that the rate comes out in whole hundredths of a day)."""
    by_year: dict[int, list[tuple[int, dt.date, dt.date, int]]] = {}
    for i, p in enumerate(plans):
        for year in range(p.hire.year, p.last_day.year + 1):
            start = max(p.hire, dt.date(year, 1, 1))
            end = min(p.last_day, dt.date(year, 12, 31))
            planned = weekdays(start, end)
            if planned:
                by_year.setdefault(year, []).append((i, start, end, planned))
    out: dict[int, list[AbsenceInput]] = {}
    for year, rows in sorted(by_year.items()):
        rate = SICK_RATE[year] / 100
        total_planned = sum(r[3] for r in rows)
        trim = total_planned % 25
        # Trim the largest period so the year's total is a multiple of 25.
        biggest = max(range(len(rows)), key=lambda k: (rows[k][3], -k))
        i, start, end, planned = rows[biggest]
        rows[biggest] = (i, start, end, planned - trim)
        total_sick = (sum(r[3] for r in rows) * rate).quantize(Decimal("0.01"))
        sick_sum = Decimal(0)
        sicks = []
        for n, (_i, _s, _e, planned) in enumerate(rows):
            sick = (planned * rate * SICK_SPREAD[n % len(SICK_SPREAD)]).quantize(Decimal("0.5"))
            sicks.append(min(sick, Decimal(planned)))
            sick_sum += sicks[-1]
        # The remainder (rounding) goes to the most sick student.
        most = max(range(len(rows)), key=lambda k: (sicks[k], -k))
        sicks[most] += total_sick - sick_sum
        if not 0 <= sicks[most] <= rows[most][3]:
            raise ValueError(f"sick leave {year}: the remainder does not fit")
        for (i, start, end, planned), sick in zip(rows, sicks, strict=True):
            out.setdefault(i, []).append(
                AbsenceInput(start=start, end=end, planned_days=Decimal(planned), sick_days=sick)
            )
    return out


def frederikssund_students() -> list[StudentInput]:
    """Every demo student, in a fixed order."""
    plans, dropouts_by_year = _plans()
    causes = _causes(plans, dropouts_by_year)
    absences = _absences(plans)
    return [
        StudentInput(
            key=p.key,
            education=p.education,
            hire_date=p.hire,
            age_band=p.age_band,
            origin=p.origin,
            outcome=p.outcome,
            outcome_date=p.outcome_date,
            dropout_phase=p.dropout_phase,
            dropout_cause=causes.get(i, ""),
            hired_after=p.hired_after,
            hired_where=p.hired_where,
            phases=p.phases,
            absences=tuple(absences.get(i, ())),
        )
        for i, p in enumerate(plans)
    ]
