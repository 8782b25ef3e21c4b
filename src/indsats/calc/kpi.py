"""The SOSU student pipeline KPIs of DOMAIN.md. Pure Python; no Django.

A cohort is the students hired (ansat som elev) in one year, per education. Every rate here is
an exact ``Decimal`` percentage (0–100), or ``None`` where its denominator is zero; rounding
happens only when a figure is shown, by the registry (``calc.kpis.Kpi.format``: 41,46… → "41,5 %").

Checked against seed 002 (Frederikssund): SSH 2022 37 started, 31 completed, 19 hired →
completion 83,8 %, hire rate 61,3 %; SSA 2020 45 / 27 / 15 → 60,0 %, 55,6 %; overall yield
(19 + 15) ÷ (37 + 45) = 41,5 %.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

HUNDRED = Decimal(100)


class Education(StrEnum):
    SSH = "ssh"
    SSA = "ssa"


class Outcome(StrEnum):
    ONGOING = "ongoing"
    COMPLETED = "completed"
    DROPPED_OUT = "dropped_out"


class Origin(StrEnum):
    EXTERNAL = "external"
    OWN_UNSKILLED = "own_unskilled"  # an unskilled employee of the municipality
    OWN_SSH = "own_ssh"  # an SSH of the municipality going on to SSA


def rate(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """``numerator ÷ denominator`` as an exact percentage, None when the denominator is 0."""
    if not denominator:
        return None
    return Decimal(numerator) * HUNDRED / Decimal(denominator)


@dataclass(frozen=True)
class CohortCounts:
    """The totals of one cohort: what student records add up to, or what a municipality with
    only published figures enters by hand. ``hired`` is hired by the municipality after
    graduation (a subset of ``completed``); ``internal_*`` are the started students who were
    already employees (a subset of ``started``)."""

    education: str
    cohort_year: int
    started: int
    completed: int
    dropped_out: int
    hired: int
    internal_unskilled: int = 0
    internal_ssh: int = 0
    # Where the figures come from: "records" (student records) or "entered" (totals typed in).
    source: str = ""

    def __post_init__(self):
        problems = self.problems()
        if problems:
            raise ValueError(" ".join(problems))

    def problems(self) -> list[str]:
        """Why these totals cannot be true, in Danish (empty when they can)."""
        out = []
        for name, value in (
            ("startet", self.started),
            ("gennemført", self.completed),
            ("frafaldet", self.dropped_out),
            ("ansat efter uddannelsen", self.hired),
            ("interne (ufaglærte)", self.internal_unskilled),
            ("interne (SSH)", self.internal_ssh),
        ):
            if value < 0:
                out.append(f"Antal {name} kan ikke være negativt.")
        if self.completed + self.dropped_out > self.started:
            out.append(
                "Gennemførte og frafaldne er tilsammen flere end de elever, der startede "
                f"({self.completed} + {self.dropped_out} > {self.started})."
            )
        if self.hired > self.completed:
            out.append(
                f"Flere er ansat efter uddannelsen ({self.hired}) end der har gennemført "
                f"({self.completed})."
            )
        if self.internal_unskilled + self.internal_ssh > self.started:
            out.append("Der er flere interne elever end elever i alt.")
        return out

    @property
    def ongoing(self) -> int:
        return self.started - self.completed - self.dropped_out

    @property
    def not_hired(self) -> int:
        return self.completed - self.hired

    @property
    def internal(self) -> int:
        return self.internal_unskilled + self.internal_ssh

    @property
    def completion_rate(self) -> Decimal | None:
        return rate(self.completed, self.started)

    @property
    def dropout_rate(self) -> Decimal | None:
        return rate(self.dropped_out, self.started)

    @property
    def hire_rate(self) -> Decimal | None:
        """Hired by the municipality ÷ completed."""
        return rate(self.hired, self.completed)

    @property
    def yield_rate(self) -> Decimal | None:
        """Hired ÷ started."""
        return rate(self.hired, self.started)

    @property
    def internal_share(self) -> Decimal | None:
        return rate(self.internal, self.started)

    @property
    def finished(self) -> bool:
        """Every student has completed or dropped out: the cohort's figures are final."""
        return self.ongoing == 0


def add(cohorts: Iterable[CohortCounts], *, education: str = "", cohort_year: int = 0):
    """The sum of several cohorts (e.g. both educations of a year) as one CohortCounts."""
    cohorts = list(cohorts)
    return CohortCounts(
        education=education,
        cohort_year=cohort_year,
        started=sum(c.started for c in cohorts),
        completed=sum(c.completed for c in cohorts),
        dropped_out=sum(c.dropped_out for c in cohorts),
        hired=sum(c.hired for c in cohorts),
        internal_unskilled=sum(c.internal_unskilled for c in cohorts),
        internal_ssh=sum(c.internal_ssh for c in cohorts),
    )


def overall_yield(cohorts: Iterable[CohortCounts]) -> Decimal | None:
    """Hired ÷ started over the cohorts shown: (19 + 15) ÷ (37 + 45) = 41,46 %."""
    cohorts = list(cohorts)
    return rate(sum(c.hired for c in cohorts), sum(c.started for c in cohorts))


def intake_ratio(started: int, required: int | None) -> Decimal | None:
    """Students hired in a year ÷ the required intake (dimensionering), in %."""
    if not required:
        return None
    return rate(started, required)


def sick_leave_rate(sick_days: Decimal | int, planned_days: Decimal | int) -> Decimal | None:
    """Sick days ÷ planned working days, in %."""
    return rate(sick_days, planned_days)


def latest_finished(cohorts: Iterable[CohortCounts], education: str) -> CohortCounts | None:
    """The newest cohort of an education in which nobody is still under way — what the strategy
    calls "de senest færdige årgange"."""
    done = [c for c in cohorts if c.education == education and c.finished and c.started]
    return max(done, key=lambda c: c.cohort_year) if done else None


@dataclass(frozen=True)
class Breakdown:
    """Counts per key (a dropout cause, a phase, a place of hire) for one education and year,
    in a stable order (largest first, then by key order given)."""

    education: str
    year: int
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def ordered(self, order: Iterable[str] | None = None) -> list[tuple[str, int]]:
        if order is not None:
            order = list(order)
            rank = {key: i for i, key in enumerate(order)}
            return sorted(self.counts.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))
        return sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))


def phase_order_key(code: str) -> tuple[int, int]:
    """Phases in the order a student meets them: GF (grundforløb), then S1, O1, S2, O2, …"""
    code = code.upper()
    if code == "GF":
        return (0, 0)
    if len(code) >= 2 and code[0] in "SO" and code[1:].isdigit():
        return (int(code[1:]), 0 if code[0] == "S" else 1)
    return (99, 0)
