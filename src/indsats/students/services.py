"""The only write path for student records: ``student_records_apply`` (import, API, demo,
benchmark) and ``student_records_delete_expired`` (the retention period).

Applying is all or nothing. Every record is checked first and every problem is named with its
row and field (``StudentImportError``, a FileImportError, so the file importer, the web page and
the API show the same messages); then the whole input is written in one transaction with bulk
queries: the stored students the input names are read in a few queries, compared, and only what
differs is written. A student in the input replaces the stored one with that key, phases and
absence periods included; students not in the input stay. Applying the same input twice
changes nothing and writes no audit rows but the apply's own summary.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.calc.cpr import find_cpr
from indsats.core.models import AuditAction, AuditLog
from indsats.core.services import PermissionDeniedError, ServiceError, _actor_name, audit
from indsats.core.transfer import FileImportError, ImportIssue
from indsats.organisations.models import EDIT_CATALOGUE, Organisation
from indsats.organisations.services import membership_for

from .choices import AgeBand, DropoutCause, Education, Origin, Outcome, Phase
from .inputs import PhaseInput, StudentInput
from .models import AbsencePeriod, SickLeaveYear, Student, StudentPhase

# The sheets and column headers of the documented file format (students.transfer uses the
# same texts), so a message names the column the way the file does.
SHEET_STUDENTS = "Elever"
SHEET_PHASES = "Forløb"
SHEET_ABSENCES = "Fravær"
HEADERS = {
    "key": "elevnøgle",
    "education": "uddannelse",
    "hire_date": "ansat dato",
    "age_band": "aldersgruppe",
    "origin": "baggrund",
    "outcome": "udfald",
    "outcome_date": "udfaldsdato",
    "dropout_phase": "frafaldsfase",
    "dropout_cause": "frafaldsårsag",
    "hired_after": "ansat efter uddannelsen",
    "hired_where": "ansat hvor",
    "phase": "fase",
    "phase_start": "start",
    "phase_end": "slut",
    "place": "oplæringssted",
    "absence_start": "periode fra",
    "absence_end": "periode til",
    "planned_days": "planlagte dage",
    "sick_days": "sygedage",
}
KEY_MAX = 64
PLACE_MAX = 200
MAX_DAYS = Decimal(100_000)
TWO_DECIMALS = Decimal("0.01")
CHUNK = 500  # ids or keys per IN (...) query
STUDENT_FIELDS = [
    "education",
    "hire_date",
    "cohort_year",
    "age_band",
    "origin",
    "outcome",
    "outcome_date",
    "outcome_year",
    "dropout_phase",
    "dropout_cause",
    "hired_after",
    "hired_where",
]
# Who may write student records besides needing student-data access; deleting expired records
# is for administrators and consultants (with student-data access).
PURGE_ROLES = EDIT_CATALOGUE


class StudentImportError(FileImportError):
    """Student records that cannot be applied; ``errors`` names every problem (row and field).
    Nothing was written."""


@dataclass(frozen=True)
class ApplySummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        return _("%(created)d nye, %(updated)d ændrede og %(unchanged)d uændrede elever") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _date(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def require_student_access(actor, organisation: Organisation, roles=None) -> None:
    """Raise PermissionDeniedError unless ``actor`` (None = the system) may work with the
    organisation's student records (and, with ``roles``, has one of them)."""
    if actor is None:
        return
    membership = membership_for(actor, organisation)
    if (
        membership is None
        or not membership.can_see_students
        or (roles is not None and membership.role not in roles)
    ):
        raise PermissionDeniedError(_("Du har ikke adgang til at ændre elevdata."))


# --- checking ------------------------------------------------------------------------------


_UNSEEN = object()


class _Checker:
    def __init__(self) -> None:
        self.issues: list[ImportIssue] = []
        # Each code list once per check, not per value (``Choices.values`` builds a new list
        # on every access: a third of a large import's time went there).
        self.codes: dict[type, frozenset[str]] = {}
        self.cpr_seen: dict[str, str | None] = {}

    def add(self, where: tuple[str, int | None], column: str, message: str) -> None:
        self.issues.append(ImportIssue(where[0], where[1], HEADERS.get(column, column), message))

    def code(self, where, column: str, value: str, choices, *, required: bool = True) -> bool:
        if not value:
            if required:
                self.add(where, column, _("Feltet skal udfyldes."))
                return False
            return True
        codes = self.codes.get(choices)
        if codes is None:
            codes = self.codes[choices] = frozenset(choices.values)
        if value not in codes:
            self.add(
                where,
                column,
                _("»%(value)s« er ikke en kendt kode. Brug en af: %(codes)s.")
                % {"value": value, "codes": ", ".join(choices.values)},
            )
            return False
        return True

    def text(self, where, column: str, value: str, max_length: int) -> None:
        if len(value) > max_length:
            self.add(
                where,
                column,
                _("Teksten er %(n)d tegn lang; der er plads til %(max)d.")
                % {"n": len(value), "max": max_length},
            )

    def cpr(self, where, column: str, value) -> bool:
        if not value:
            return False
        if value.__class__ is str:
            # Training places and workplaces repeat: each text looked at once per check.
            masked = self.cpr_seen.get(value, _UNSEEN)
            if masked is _UNSEEN:
                masked = self.cpr_seen[value] = find_cpr(value)
        else:
            masked = find_cpr(value)
        if masked is None:
            return False
        self.add(
            where,
            column,
            _(
                "Feltet indeholder noget, der ligner et CPR-nummer (%(masked)s). CPR-numre må "
                "ikke indlæses: brug en pseudonym elevnøgle, og fjern CPR-numre fra filen."
            )
            % {"masked": masked},
        )
        return True

    def days(self, where, column: str, value) -> Decimal | None:
        try:
            number = Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            self.add(where, column, _("Antallet af dage skal være et tal."))
            return None
        if not number.is_finite() or number < 0:
            self.add(where, column, _("Antallet af dage kan ikke være negativt."))
            return None
        if number >= MAX_DAYS:
            self.add(where, column, _("Antallet af dage er for stort."))
            return None
        if number != number.quantize(TWO_DECIMALS):
            self.add(where, column, _("Antallet af dage kan højst have 2 decimaler."))
            return None
        return number


def _where_student(index: int, student: StudentInput) -> tuple[str, int | None]:
    if student.origin_row is not None:
        return student.origin_row
    return ("", index + 1)


def _where_sub(parent: tuple[str, int | None], item) -> tuple[str, int | None]:
    return item.origin_row if item.origin_row is not None else parent


def _label(key: str) -> str:
    """The key as messages show it: never a CPR number."""
    masked = find_cpr(key)
    return masked if masked else key


def check_students(students: Sequence[StudentInput]) -> list[ImportIssue]:
    """Every problem with ``students``, by row and field (empty when they can be applied)."""
    c = _Checker()
    seen: dict[str, tuple[str, int | None]] = {}
    for index, s in enumerate(students):
        where = _where_student(index, s)
        key = (s.key or "").strip()
        key_is_cpr = c.cpr(where, "key", key)
        if not key:
            c.add(where, "key", _("Feltet skal udfyldes."))
        elif len(key) > KEY_MAX:
            c.text(where, "key", key, KEY_MAX)
        elif key in seen:
            first = seen[key]
            c.add(
                where,
                "key",
                _("Elevnøglen »%(key)s« står to gange (første gang i række %(row)s).")
                % {"key": _label(key), "row": first[1]}
                if not key_is_cpr
                else _("Elevnøglen står to gange."),
            )
        else:
            seen[key] = where
        c.code(where, "education", s.education, Education)
        c.code(where, "age_band", s.age_band, AgeBand)
        c.code(where, "origin", s.origin, Origin)
        outcome_ok = c.code(where, "outcome", s.outcome, Outcome)
        c.code(where, "dropout_phase", s.dropout_phase, Phase, required=False)
        c.code(where, "dropout_cause", s.dropout_cause, DropoutCause, required=False)
        if not c.cpr(where, "hired_where", s.hired_where):
            c.text(where, "hired_where", s.hired_where, PLACE_MAX)
        if not isinstance(s.hire_date, dt.date):
            c.add(where, "hire_date", _("Feltet skal udfyldes med en dato."))
        if outcome_ok:
            _check_outcome(c, where, s)
        _check_phases(c, where, s)
        _check_absences(c, where, s)
    return c.issues


def _check_outcome(c: _Checker, where, s: StudentInput) -> None:
    if s.outcome == Outcome.ONGOING:
        if s.outcome_date is not None:
            c.add(
                where,
                "outcome_date",
                _(
                    "En elev, der er i gang, har ingen udfaldsdato. Ret udfaldet, eller fjern datoen."
                ),
            )
    elif s.outcome_date is None:
        c.add(
            where,
            "outcome_date",
            _("En elev, der er gennemført eller faldet fra, skal have en udfaldsdato."),
        )
    elif isinstance(s.hire_date, dt.date) and s.outcome_date < s.hire_date:
        c.add(
            where,
            "outcome_date",
            _("Udfaldsdatoen %(outcome)s ligger før ansættelsesdatoen %(hire)s.")
            % {"outcome": _date(s.outcome_date), "hire": _date(s.hire_date)},
        )
    if s.outcome == Outcome.DROPPED_OUT:
        if not s.dropout_cause:
            c.add(where, "dropout_cause", _("En elev, der er faldet fra, skal have en årsag."))
    else:
        if s.dropout_cause:
            c.add(
                where,
                "dropout_cause",
                _("Eleven er ikke faldet fra, så der kan ikke være en frafaldsårsag."),
            )
        if s.dropout_phase:
            c.add(
                where,
                "dropout_phase",
                _("Eleven er ikke faldet fra, så der kan ikke være en frafaldsfase."),
            )
    if s.outcome != Outcome.COMPLETED:
        if s.hired_after is not None:
            c.add(
                where,
                "hired_after",
                _(
                    "Eleven har ikke gennemført uddannelsen, så »ansat efter uddannelsen« skal "
                    "være tom."
                ),
            )
    if s.hired_where and s.hired_after is not True:
        c.add(
            where,
            "hired_where",
            _("»Ansat hvor« kan kun udfyldes for en elev, der er ansat efter uddannelsen."),
        )


def _check_phases(c: _Checker, parent, s: StudentInput) -> None:
    seen: set[str] = set()
    dated: list[PhaseInput] = []
    for p in s.phases:
        where = _where_sub(parent, p)
        ok = c.code(where, "phase", p.phase, Phase)
        if ok and p.phase in seen:
            c.add(
                where,
                "phase",
                _("Fasen %(phase)s står to gange for samme elev.") % {"phase": p.phase},
            )
        seen.add(p.phase)
        if not c.cpr(where, "place", p.place):
            c.text(where, "place", p.place or "", PLACE_MAX)
        if not isinstance(p.start, dt.date):
            c.add(where, "phase_start", _("Feltet skal udfyldes med en dato."))
            continue
        if p.end is not None and p.end < p.start:
            c.add(
                where,
                "phase_end",
                _("Slutdatoen %(end)s ligger før startdatoen %(start)s.")
                % {"end": _date(p.end), "start": _date(p.start)},
            )
            continue
        dated.append(p)
    # Two phases at once: dates are inclusive, and a phase without an end lasts on.
    dated.sort(key=lambda p: p.start)
    for before, after in zip(dated, dated[1:], strict=False):
        if before.end is None or after.start <= before.end:
            c.add(
                _where_sub(parent, after),
                "phase_start",
                _(
                    "Fasen %(phase)s begynder %(start)s, mens eleven stadig er i fasen "
                    "%(other)s (%(other_start)s–%(other_end)s). En elev kan ikke være to steder "
                    "på én gang."
                )
                % {
                    "phase": after.phase,
                    "start": _date(after.start),
                    "other": before.phase,
                    "other_start": _date(before.start),
                    "other_end": _date(before.end) or _("uden slutdato"),
                },
            )


def _check_absences(c: _Checker, parent, s: StudentInput) -> None:
    starts: set[dt.date] = set()
    for a in s.absences:
        where = _where_sub(parent, a)
        planned = c.days(where, "planned_days", a.planned_days)
        sick = c.days(where, "sick_days", a.sick_days)
        if planned is not None and sick is not None and sick > planned:
            c.add(
                where,
                "sick_days",
                _("Sygedagene (%(sick)s) er flere end de planlagte dage (%(planned)s).")
                % {"sick": _days(sick), "planned": _days(planned)},
            )
        if not isinstance(a.start, dt.date) or not isinstance(a.end, dt.date):
            c.add(where, "absence_start", _("Perioden skal have en start- og en slutdato."))
            continue
        if a.end < a.start:
            c.add(
                where,
                "absence_end",
                _("Periodens slutdato %(end)s ligger før startdatoen %(start)s.")
                % {"end": _date(a.end), "start": _date(a.start)},
            )
        elif a.end.year != a.start.year:
            c.add(
                where,
                "absence_end",
                _(
                    "Perioden %(start)s–%(end)s går hen over et årsskifte. Del den i en periode "
                    "pr. kalenderår."
                )
                % {"start": _date(a.start), "end": _date(a.end)},
            )
        if a.start in starts:
            c.add(
                where,
                "absence_start",
                _("Der er to fraværsperioder for samme elev, der begynder %(start)s.")
                % {"start": _date(a.start)},
            )
        starts.add(a.start)


def _days(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return text.replace(".", ",")


# --- applying ------------------------------------------------------------------------------


def _fields(s: StudentInput) -> dict:
    return {
        "education": s.education,
        "hire_date": s.hire_date,
        "cohort_year": s.hire_date.year,
        "age_band": s.age_band,
        "origin": s.origin,
        "outcome": s.outcome,
        "outcome_date": s.outcome_date,
        "outcome_year": s.outcome_date.year if s.outcome_date else None,
        "dropout_phase": s.dropout_phase or "",
        "dropout_cause": s.dropout_cause or "",
        "hired_after": s.hired_after,
        "hired_where": s.hired_where or "",
    }


def _phase_set(phases: Iterable) -> frozenset:
    return frozenset((p.phase, p.start, p.end, p.place or "") for p in phases)


def _absence_set(absences: Iterable) -> frozenset:
    return frozenset(
        (
            a.start,
            a.end,
            Decimal(a.planned_days).quantize(TWO_DECIMALS),
            Decimal(a.sick_days).quantize(TWO_DECIMALS),
        )
        for a in absences
    )


STUDENT_COLUMNS = ("organisation_id", "key", "source", "created_at", "updated_at", *STUDENT_FIELDS)
PHASE_COLUMNS = ("student_id", "phase", "start", "end", "place")
ABSENCE_COLUMNS = ("student_id", "start", "end", "year", "planned_days", "sick_days")


class _DayText(dict):
    """{date: its ISO text}, each date formatted once per write: the rows repeat a few thousand
    dates hundreds of thousands of times, and both databases take ISO text for a date column
    (executemany on SQLite, as Django's own adapter would write it; COPY on PostgreSQL)."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, day: dt.date) -> str:
        text = self[day] = day.isoformat()
        return text


def _days_value(value) -> Decimal:
    """A checked number of days as written: a Decimal as it is (the check allowed at most two
    decimals, so the column's two keep it exactly), anything else made one."""
    return value if value.__class__ is Decimal else Decimal(value).quantize(TWO_DECIMALS)


def _new_student(
    organisation_id: int, key: str, source: str, stamp, s: StudentInput, day: _DayText
) -> tuple:
    """A row of STUDENT_COLUMNS; ``stamp`` is the apply's time as the database takes it."""
    return (
        organisation_id,
        key,
        source,
        stamp,
        stamp,
        s.education,
        day[s.hire_date],
        s.hire_date.year,
        s.age_band,
        s.origin,
        s.outcome,
        day[s.outcome_date],
        s.outcome_date.year if s.outcome_date else None,
        s.dropout_phase or "",
        s.dropout_cause or "",
        s.hired_after,
        s.hired_where or "",
    )


def _new_phases(student_id: int, s: StudentInput, day: _DayText) -> list[tuple]:
    """Rows of PHASE_COLUMNS (no model instances: written by _insert_rows)."""
    return [(student_id, p.phase, day[p.start], day[p.end], p.place or "") for p in s.phases]


def _new_absences(student_id: int, s: StudentInput, day: _DayText) -> list[tuple]:
    """Rows of ABSENCE_COLUMNS."""
    return [
        (
            student_id,
            day[a.start],
            day[a.end],
            a.start.year,
            _days_value(a.planned_days),
            _days_value(a.sick_days),
        )
        for a in s.absences
    ]


def _insert_rows(model, columns: Sequence[str], rows: list[tuple]) -> None:
    """Plain rows into ``model``'s table inside the caller's transaction: PostgreSQL's COPY, or
    one prepared INSERT run with executemany (SQLite). No model instances, no per-row SQL
    compilation: the bulk import's write path. The rows are already validated."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # Decimals become text through the adapter Django's SQLite backend registers (str),
            # as Django itself would write them; dates come as ISO text (_DayText).
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def student_records_apply(
    *, organisation: Organisation, actor, students: list[StudentInput], source: str
) -> ApplySummary:
    """Create or replace the students in ``students`` (by key), with their phases and absence
    periods, all or nothing. Raises StudentImportError listing every problem (nothing written)
    and PermissionDeniedError for a member without student-data access."""
    require_student_access(actor, organisation)
    issues = check_students(students)
    if issues:
        raise StudentImportError(issues)
    return student_records_write(
        organisation=organisation, actor=actor, students=students, source=source
    )


def student_records_write(
    *, organisation: Organisation, actor, students: Sequence[StudentInput], source: str
) -> ApplySummary:
    """The writing half of ``student_records_apply``, for a caller that has just run
    ``check_students`` on these very inputs and raised on any issue (the file importer, which
    names the file's every problem at once): writes, audits, and keeps the yearly sick-leave
    totals, all or nothing, without checking the records a second time."""
    require_student_access(actor, organisation)
    students = [
        s if s.key == (s.key or "").strip() else _with_key(s, (s.key or "").strip())
        for s in students
    ]
    source = source[:300]
    by_key = {s.key: s for s in students}
    with transaction.atomic():
        stored: dict[str, Student] = {}
        for keys in _chunks(list(by_key)):
            for student in Student.objects.filter(organisation=organisation, key__in=keys):
                stored[student.key] = student
        ids = [st.pk for st in stored.values()]
        stored_phases: dict[int, list] = {i: [] for i in ids}
        stored_absences: dict[int, list] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            for p in StudentPhase.objects.filter(student_id__in=chunk):
                stored_phases[p.student_id].append(p)
            for a in AbsencePeriod.objects.filter(student_id__in=chunk):
                stored_absences[a.student_id].append(a)

        created: list[Student] = []
        updated: list[Student] = []
        changed_fields: dict[str, list[str]] = {}
        replace_phases: list[int] = []
        replace_absences: list[int] = []
        unchanged = 0
        now = timezone.now()
        for key, s in by_key.items():
            student = stored.get(key)
            if student is None:
                created.append(key)
                continue
            values = _fields(s)
            fields = [f for f, v in values.items() if getattr(student, f) != v]
            phases_differ = _phase_set(stored_phases[student.pk]) != _phase_set(s.phases)
            absences_differ = _absence_set(stored_absences[student.pk]) != _absence_set(s.absences)
            if not fields and not phases_differ and not absences_differ:
                unchanged += 1
                continue
            for f in fields:
                setattr(student, f, values[f])
            student.source = source
            student.updated_at = now
            updated.append(student)
            changed_fields[key] = (
                fields
                + (["phases"] if phases_differ else [])
                + (["absences"] if absences_differ else [])
            )
            if phases_differ:
                replace_phases.append(student.pk)
            if absences_differ:
                replace_absences.append(student.pk)

        stamp = connection.ops.adapt_datetimefield_value(now)
        day = _DayText()
        _insert_rows(
            Student,
            STUDENT_COLUMNS,
            [
                _new_student(organisation.pk, key, source, stamp, by_key[key], day)
                for key in created
            ],
        )
        new_ids: dict[str, int] = {}
        for keys in _chunks(created):
            new_ids.update(
                Student.objects.filter(organisation=organisation, key__in=keys).values_list(
                    "key", "pk"
                )
            )
        if updated:
            Student.objects.bulk_update(
                updated, [*STUDENT_FIELDS, "source", "updated_at"], batch_size=CHUNK
            )
        for chunk in _chunks(replace_phases):
            StudentPhase.objects.filter(student_id__in=chunk).delete()
        for chunk in _chunks(replace_absences):
            AbsencePeriod.objects.filter(student_id__in=chunk).delete()
        phases: list[tuple] = []
        absences: list[tuple] = []
        for key, pk in new_ids.items():
            phases.extend(_new_phases(pk, by_key[key], day))
            absences.extend(_new_absences(pk, by_key[key], day))
        replace_p, replace_a = set(replace_phases), set(replace_absences)
        for student in updated:
            if student.pk in replace_p:
                phases.extend(_new_phases(student.pk, by_key[student.key], day))
            if student.pk in replace_a:
                absences.extend(_new_absences(student.pk, by_key[student.key], day))
        _insert_rows(StudentPhase, PHASE_COLUMNS, phases)
        _insert_rows(AbsencePeriod, ABSENCE_COLUMNS, absences)
        if absences or replace_absences:
            sick_leave_totals_refresh(organisation)

        summary = ApplySummary(created=len(created), updated=len(updated), unchanged=unchanged)
        _audit_apply(organisation, actor, source, summary, new_ids, updated, changed_fields, stamp)
    return summary


def sick_leave_totals_refresh(organisation: Organisation) -> None:
    """Recount the organisation's yearly sick-leave totals (SickLeaveYear) from its absence
    records: one grouped query and one insert, run by every write of absence records."""
    rows = (
        AbsencePeriod.objects.filter(student__organisation=organisation)
        .values("student__education", "year")
        .annotate(
            planned=Sum("planned_days"), sick=Sum("sick_days"), n=Count("student", distinct=True)
        )
        .order_by()
    )
    totals = [
        SickLeaveYear(
            organisation=organisation,
            education=row["student__education"],
            year=row["year"],
            planned_days=row["planned"],
            sick_days=row["sick"],
            students=row["n"],
        )
        for row in rows
    ]
    SickLeaveYear.objects.filter(organisation=organisation).delete()
    SickLeaveYear.objects.bulk_create(totals)


def _with_key(s: StudentInput, key: str) -> StudentInput:
    from dataclasses import replace

    return replace(s, key=key)


def _audit_apply(
    organisation, actor, source, summary, new_ids, updated, changed_fields, stamp
) -> None:
    """One summary row for the apply (core.services.audit, which also bumps the organisation's
    data version) and one row per created or updated student, written as plain rows
    (_insert_rows) at ``stamp``, the apply's time as the database takes it."""
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="student_records",
        object_id=organisation.pk,
        object_repr=(_("Elevdata fra %(source)s") % {"source": source})[:300],
        changes={
            "source": [None, source],
            "created": [None, summary.created],
            "updated": [None, summary.updated],
            "unchanged": [None, summary.unchanged],
        },
    )
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    head = (organisation.pk, actor_id, _actor_name(actor), stamp)
    rows = [
        (*head, AuditAction.CREATE.value, "student", str(pk), key[:300], "student", str(pk), "{}")
        for key, pk in new_ids.items()
    ]
    rows.extend(
        (
            *head,
            AuditAction.UPDATE.value,
            "student",
            str(student.pk),
            student.key[:300],
            "student",
            str(student.pk),
            # Which fields changed, never their values (personal data stays out of the log).
            json.dumps({"fields": changed_fields.get(student.key, [])}),
        )
        for student in updated
    )
    _insert_rows(AuditLog, AUDIT_COLUMNS, rows)


AUDIT_COLUMNS = (
    "organisation_id",
    "actor_id",
    "actor_name",
    "at",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "root_type",
    "root_id",
    "changes",
)


# --- retention -----------------------------------------------------------------------------


def retention_cutoff(organisation: Organisation, today: dt.date) -> dt.date:
    """Records whose outcome date is before this date are past the retention period."""
    years = organisation.student_retention_years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def expired_students(organisation: Organisation, today: dt.date):
    """Students that finished (completed or dropped out) more than the organisation's retention
    period before ``today``. Ongoing students never expire."""
    return Student.objects.filter(
        organisation=organisation,
        outcome_date__isnull=False,
        outcome_date__lt=retention_cutoff(organisation, today),
    ).exclude(outcome=Outcome.ONGOING)


@dataclass
class PurgeResult:
    cutoff: dt.date
    count: int
    dry_run: bool
    # {(education, cohort year): number of students}
    by_cohort: dict[tuple[str, int], int] = field(default_factory=dict)

    def summary(self) -> str:
        if self.dry_run:
            return _("%(count)d elever afsluttede før %(cutoff)s og ville blive slettet") % {
                "count": self.count,
                "cutoff": _date(self.cutoff),
            }
        return _("%(count)d elever, der afsluttede før %(cutoff)s, er slettet") % {
            "count": self.count,
            "cutoff": _date(self.cutoff),
        }


def student_records_delete_expired(
    *, organisation: Organisation, actor, today: dt.date, dry_run: bool = True
) -> PurgeResult:
    """Delete the students past the retention period (with their phases and absences). With
    ``dry_run`` (the default) only count them. Administrators and consultants with student-data
    access only."""
    require_student_access(actor, organisation, PURGE_ROLES)
    queryset = expired_students(organisation, today)
    by_cohort = {
        (row["education"], row["cohort_year"]): row["n"]
        for row in queryset.values("education", "cohort_year")
        .annotate(n=Count("id"))
        .order_by("education", "cohort_year")
    }
    result = PurgeResult(
        cutoff=retention_cutoff(organisation, today),
        count=sum(by_cohort.values()),
        dry_run=dry_run,
        by_cohort=by_cohort,
    )
    if dry_run or not result.count:
        return result
    with transaction.atomic():
        pairs = list(queryset.values_list("pk", "key"))
        ids = [pk for pk, _key in pairs]
        for chunk in _chunks(ids):
            StudentPhase.objects.filter(student_id__in=chunk).delete()
            AbsencePeriod.objects.filter(student_id__in=chunk).delete()
            Student.objects.filter(pk__in=chunk).delete()
        sick_leave_totals_refresh(organisation)
        _scrub_audit(organisation, pairs)
        audit(
            organisation=organisation,
            actor=actor,
            action=AuditAction.DELETE,
            object_type="student_records",
            object_id=organisation.pk,
            object_repr=_("Elevdata ud over opbevaringsperioden"),
            changes={
                "deleted": [None, result.count],
                "cutoff": [None, result.cutoff.isoformat()],
                "retention_years": [None, organisation.student_retention_years],
            },
        )
    return result


def _scrub_audit(organisation: Organisation, students: list[tuple[int, str]]) -> None:
    """Audit rows about deleted students keep a salted hash of the key instead of the key
    (import rows name the student by key)."""
    from .access import key_hash, pseudonym

    for chunk in _chunks(students):
        for pk, key in chunk:
            AuditLog.objects.filter(
                organisation=organisation, object_type="student", object_id=str(pk)
            ).update(
                object_repr=_("Slettet elev %(p)s") % {"p": pseudonym(key_hash(organisation, key))}
            )


def student_find(*, organisation: Organisation, key: str) -> Student | None:
    return Student.objects.filter(organisation=organisation, key=(key or "").strip()).first()


@transaction.atomic
def student_delete(*, actor, organisation: Organisation, key: str) -> str:
    """Delete one student (with phases and absences) by key, e.g. on a request for erasure.
    The audit log keeps a salted hash of the key, never the key; returns that hash."""
    from .access import key_hash, pseudonym

    require_student_access(actor, organisation, PURGE_ROLES)
    student = student_find(organisation=organisation, key=key)
    if student is None:
        raise ServiceError(
            errors={
                "key": [
                    _("Der findes ingen elev med nøglen »%(key)s« i %(org)s.")
                    % {"key": key.strip()[:64], "org": organisation.name}
                ]
            }
        )
    digest = key_hash(organisation, student.key)
    pk, stored_key = student.pk, student.key
    StudentPhase.objects.filter(student_id=pk).delete()
    AbsencePeriod.objects.filter(student_id=pk).delete()
    student.delete()
    sick_leave_totals_refresh(organisation)
    _scrub_audit(organisation, [(pk, stored_key)])
    # Any other row naming the key in its text.
    AuditLog.objects.filter(organisation=organisation, object_repr__contains=stored_key).update(
        object_repr=_("Slettet elev %(p)s") % {"p": pseudonym(digest)}
    )
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.DELETE,
        object_type="student",
        object_id=pk,
        object_repr=_("Slettet elev %(p)s") % {"p": pseudonym(digest)},
        changes={"key_hash": [digest, None]},
    )
    return digest


@transaction.atomic
def student_access_log_purge(*, organisation: Organisation, today: dt.date) -> int:
    """Delete access-log rows older than the organisation's retention (in months)."""
    from .models import StudentAccess

    months = organisation.access_log_retention_months
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    cutoff = dt.datetime(year, month + 1, 1, tzinfo=dt.UTC)
    deleted, _rows = StudentAccess.objects.filter(organisation=organisation, at__lt=cutoff).delete()
    return deleted


__all__ = [
    "ApplySummary",
    "PurgeResult",
    "StudentImportError",
    "check_students",
    "expired_students",
    "require_student_access",
    "retention_cutoff",
    "student_records_apply",
    "student_records_delete_expired",
    "student_records_write",
]
