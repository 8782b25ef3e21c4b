"""Student records as the write path takes them, whoever produced them: the file importer
(students.transfer), the demo (demo.frederikssund), the benchmark generator (students.generate)
and the API all build these and hand them to ``students.services.student_records_apply``.
Plain dataclasses; values use the codes of students.choices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class PhaseInput:
    phase: str  # choices.Phase: GF, S1, O1, …
    start: dt.date
    end: dt.date | None = None
    place: str = ""  # the training place (oplæringssted), for training periods
    # Where the row came from, for messages: (sheet, row number) of the file; None otherwise.
    origin_row: tuple[str, int] | None = None


@dataclass(frozen=True)
class AbsenceInput:
    start: dt.date
    end: dt.date  # within the same calendar year as start
    planned_days: Decimal
    sick_days: Decimal
    # Where the row came from, for messages: (sheet, row number) of the file; None otherwise.
    origin_row: tuple[str, int] | None = None


@dataclass(frozen=True)
class StudentInput:
    key: str  # pseudonymous; never a CPR number
    education: str  # choices.Education
    hire_date: dt.date
    age_band: str  # choices.AgeBand
    origin: str = "external"  # choices.Origin
    outcome: str = "ongoing"  # choices.Outcome
    outcome_date: dt.date | None = None
    dropout_phase: str = ""  # choices.Phase, for a dropout
    dropout_cause: str = ""  # choices.DropoutCause, required for a dropout
    hired_after: bool | None = None
    hired_where: str = ""
    phases: tuple[PhaseInput, ...] = field(default_factory=tuple)
    absences: tuple[AbsenceInput, ...] = field(default_factory=tuple)
    # Where the row came from, for messages: (sheet, row number) of the file; None otherwise.
    origin_row: tuple[str, int] | None = None
