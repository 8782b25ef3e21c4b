"""Reads of the student pipeline, computed in the database with GROUP BY, in a fixed number of
queries whatever the number of students.

For each education and cohort (or year, for dropout causes and sick leave) the figures come
from student records when the organisation has any there, otherwise from the totals entered
by hand (CohortFigures, BreakdownFigure, SickLeaveFigure). Everything returned is aggregate:
nothing here names a student, so these reads are open to every member. Student-level reads
live in students.records and require student-data access.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from indsats.calc import kpi, kpis
from indsats.calc.kpi import Breakdown, CohortCounts

from .choices import Education, Outcome
from .models import (
    BreakdownFigure,
    BreakdownKind,
    CohortFigures,
    RequiredIntake,
    SickLeaveFigure,
    SickLeaveYear,
    Student,
)

RECORDS = "records"
ENTERED = "entered"


def _org_filter(organisations, prefix: str = "") -> Q:
    """``organisations`` is one Organisation, or an iterable of organisation ids."""
    if hasattr(organisations, "pk"):
        return Q(**{f"{prefix}organisation_id": organisations.pk})
    return Q(**{f"{prefix}organisation_id__in": list(organisations)})


def _known_by(as_of: int | None) -> Q:
    """An outcome known by the end of ``as_of`` (a year; None = today): its date is in or
    before that year. A student whose outcome came later was still under way then."""
    return Q() if as_of is None else Q(outcome_year__lte=as_of)


def cohort_counts(
    organisations, *, as_of: int | None = None
) -> dict[tuple[int, str, int], CohortCounts]:
    """{(organisation id, education, cohort year): CohortCounts}, with ``as_of`` as they were
    known at the end of that year (student records only: entered totals carry no dates).
    Two queries."""
    known = _known_by(as_of)
    students = Student.objects.filter(_org_filter(organisations))
    if as_of is not None:
        students = students.filter(cohort_year__lte=as_of)
    rows = (
        students.values("organisation_id", "education", "cohort_year")
        .annotate(
            started=Count("id"),
            completed=Count("id", filter=Q(outcome=Outcome.COMPLETED) & known),
            dropped_out=Count("id", filter=Q(outcome=Outcome.DROPPED_OUT) & known),
            hired=Count("id", filter=Q(outcome=Outcome.COMPLETED, hired_after=True) & known),
            internal_unskilled=Count("id", filter=Q(origin="own_unskilled")),
            internal_ssh=Count("id", filter=Q(origin="own_ssh")),
        )
        .order_by()
    )
    out: dict[tuple[int, str, int], CohortCounts] = {}
    for row in rows:
        key = (row["organisation_id"], row["education"], row["cohort_year"])
        out[key] = CohortCounts(
            education=row["education"],
            cohort_year=row["cohort_year"],
            started=row["started"],
            completed=row["completed"],
            dropped_out=row["dropped_out"],
            hired=row["hired"],
            internal_unskilled=row["internal_unskilled"],
            internal_ssh=row["internal_ssh"],
            source=RECORDS,
        )
    for fig in CohortFigures.objects.filter(_org_filter(organisations)).order_by():
        key = (fig.organisation_id, fig.education, fig.cohort_year)
        if key in out:
            continue
        out[key] = CohortCounts(
            education=fig.education,
            cohort_year=fig.cohort_year,
            started=fig.started,
            completed=fig.completed,
            dropped_out=fig.dropped_out,
            hired=fig.hired,
            internal_unskilled=fig.internal_unskilled,
            internal_ssh=fig.internal_ssh,
            source=ENTERED,
        )
    return out


def breakdowns(
    organisations, kind: str, *, as_of: int | None = None
) -> dict[tuple[int, str, int], Breakdown]:
    """{(organisation id, education, year): Breakdown} for dropout causes (year of dropout),
    dropout phases (cohort) or places of hire (cohort); ``as_of``: outcomes known by the end
    of that year. Two queries."""
    base = Student.objects.filter(_org_filter(organisations)).filter(_known_by(as_of))
    if kind == BreakdownKind.DROPOUT_CAUSE:
        qs = base.filter(outcome=Outcome.DROPPED_OUT).values(
            "organisation_id", "education", year=F("outcome_year"), bucket=F("dropout_cause")
        )
    elif kind == BreakdownKind.DROPOUT_PHASE:
        qs = base.filter(outcome=Outcome.DROPPED_OUT).values(
            "organisation_id", "education", year=F("cohort_year"), bucket=F("dropout_phase")
        )
    elif kind == BreakdownKind.HIRE_PLACE:
        qs = base.filter(outcome=Outcome.COMPLETED, hired_after=True).values(
            "organisation_id", "education", year=F("cohort_year"), bucket=F("hired_where")
        )
    else:
        raise ValueError(kind)
    counts: dict[tuple[int, str, int], dict[str, int]] = defaultdict(dict)
    for row in qs.annotate(n=Count("id")).order_by():
        counts[(row["organisation_id"], row["education"], row["year"])][row["bucket"] or ""] = row[
            "n"
        ]
    from_records = set(counts)
    entered = BreakdownFigure.objects.filter(_org_filter(organisations), kind=kind).order_by()
    for fig in entered:
        group = (fig.organisation_id, fig.education, fig.year)
        if group in from_records:
            continue
        counts[group][fig.key] = fig.count
    return {
        group: Breakdown(education=group[1], year=group[2], counts=dict(values))
        for group, values in counts.items()
    }


def sick_leave_with_students(
    organisations, education: str | None = None
) -> dict[tuple[int, str, int], tuple[Decimal, int | None]]:
    """{(organisation id, education or "" for all, year): (sick leave %, students behind it)}
    from the yearly totals of the absence records (SickLeaveYear, kept by the import: no pass
    over the absence periods); then the entered rates, with no count. Two queries. With
    ``education`` ("" for both, or one) only that education's keys, summed by the database
    (the comparison reads one education: half the rows or fewer, no sums in Python)."""
    stored = SickLeaveYear.objects.filter(_org_filter(organisations)).order_by()
    out: dict[tuple[int, str, int], tuple[Decimal, int]] = {}
    if education is None:
        totals: dict[tuple[int, int], list] = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
        for org_id, edu, year, planned, sick, n in stored.values_list(
            "organisation_id", "education", "year", "planned_days", "sick_days", "students"
        ):
            value = kpi.sick_leave_rate(sick, planned)
            if value is not None:
                out[(org_id, edu, year)] = (value, n)
            total = totals[(org_id, year)]
            total[0] += sick
            total[1] += planned
            total[2] += n  # a student has one education: the two counts add up
        for (org_id, year), (sick, planned, n) in totals.items():
            value = kpi.sick_leave_rate(sick, planned)
            if value is not None:
                out[(org_id, "", year)] = (value, n)
    else:
        if education:
            rows = stored.filter(education=education).values_list(
                "organisation_id", "year", "planned_days", "sick_days", "students"
            )
        else:
            rows = (
                stored.values("organisation_id", "year")
                .annotate(p=Sum("planned_days"), s=Sum("sick_days"), n=Sum("students"))
                .values_list("organisation_id", "year", "p", "s", "n")
            )
        for org_id, year, planned, sick, n in rows:
            value = kpi.sick_leave_rate(sick, planned)
            if value is not None:
                out[(org_id, education, year)] = (value, n)
    figures = SickLeaveFigure.objects.filter(_org_filter(organisations)).order_by()
    if education is not None:
        figures = figures.filter(education=education)
    for fig in figures:
        out.setdefault((fig.organisation_id, fig.education, fig.year), (fig.rate, None))
    return out


def sick_leave(organisations) -> dict[tuple[int, str, int], Decimal]:
    """{(organisation id, education or "" for all, year): sick leave %}. Two queries."""
    return {key: rate for key, (rate, _n) in sick_leave_with_students(organisations).items()}


def required_intakes(organisations) -> dict[tuple[int, str, int], int]:
    return {
        (r.organisation_id, r.education, r.year): r.required
        for r in RequiredIntake.objects.filter(_org_filter(organisations)).order_by()
    }


@dataclass
class IntakeRow:
    education: str
    year: int
    started: int
    required: int | None

    @property
    def ratio(self) -> Decimal | None:
        return kpi.intake_ratio(self.started, self.required)


@dataclass
class Pipeline:
    """Everything the pipeline page, the strategy report and the comparison read, for one
    organisation. Lists are sorted by education (SSH, SSA) and year."""

    cohorts: list[CohortCounts] = field(default_factory=list)
    causes: list[Breakdown] = field(default_factory=list)
    phases: list[Breakdown] = field(default_factory=list)
    places: list[Breakdown] = field(default_factory=list)
    sick_leave: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    # How many students each sick-leave rate rests on (records only; entered rates have none).
    sick_leave_students: dict[tuple[str, int], int] = field(default_factory=dict)
    intake: list[IntakeRow] = field(default_factory=list)
    has_records: bool = False

    def cohort(self, education: str, year: int) -> CohortCounts | None:
        for c in self.cohorts:
            if c.education == education and c.cohort_year == year:
                return c
        return None

    @property
    def years(self) -> list[int]:
        return sorted({c.cohort_year for c in self.cohorts})

    def by_year(self) -> dict[int, CohortCounts]:
        """Both educations of each cohort year added up."""
        groups: dict[int, list[CohortCounts]] = defaultdict(list)
        for c in self.cohorts:
            groups[c.cohort_year].append(c)
        return {
            year: kpi.add(cs, cohort_year=year, education="") for year, cs in sorted(groups.items())
        }

    def latest_finished(self) -> list[CohortCounts]:
        """The newest finished cohort of each education (what the strategy's 41,4 % is over)."""
        found = [kpi.latest_finished(self.cohorts, e) for e in Education.values]
        return [c for c in found if c is not None]


EDUCATION_ORDER = {value: i for i, value in enumerate(Education.values)}


def _sorted(items: Iterable, year_attr: str):
    return sorted(items, key=lambda x: (EDUCATION_ORDER.get(x.education, 9), getattr(x, year_attr)))


def pipeline(
    organisation, *, years: tuple[int, int] | None = None, as_of: int | None = None
) -> Pipeline:
    """The organisation's pipeline figures (``years``: an inclusive range of cohort/calendar
    years to keep; ``as_of``: outcomes as known by the end of that year, so a report for a past
    year made today says what it said then). A fixed number of queries (11)."""
    org_id = organisation.pk

    def keep(year: int) -> bool:
        return years is None or years[0] <= year <= years[1]

    all_cohorts = cohort_counts(organisation, as_of=as_of).values()
    cohorts = [c for c in all_cohorts if keep(c.cohort_year)]
    causes = [
        b for (o, _e, y), b in breakdowns(organisation, "cause", as_of=as_of).items() if keep(y)
    ]
    phases = [
        b for (o, _e, y), b in breakdowns(organisation, "phase", as_of=as_of).items() if keep(y)
    ]
    places = [
        b for (o, _e, y), b in breakdowns(organisation, "place", as_of=as_of).items() if keep(y)
    ]
    sick_rows = {(e, y): v for (o, e, y), v in sick_leave_with_students(organisation).items()}
    sick = {k: rate for k, (rate, _n) in sick_rows.items() if keep(k[1])}
    sick_students = {k: n for k, (_r, n) in sick_rows.items() if keep(k[1]) and n is not None}
    required = required_intakes(organisation)
    started = {(c.education, c.cohort_year): c.started for c in cohorts}
    intake_keys = sorted(
        {k for k in started} | {(e, y) for (o, e, y) in required if keep(y)},
        key=lambda k: (k[1], EDUCATION_ORDER.get(k[0], 9)),
    )
    intake = [
        IntakeRow(
            education=e,
            year=y,
            started=started.get((e, y), 0),
            required=required.get((org_id, e, y)),
        )
        for e, y in intake_keys
    ]
    return Pipeline(
        cohorts=_sorted(cohorts, "cohort_year"),
        causes=_sorted(causes, "year"),
        phases=_sorted(phases, "year"),
        places=_sorted(places, "year"),
        sick_leave=dict(sorted(sick.items(), key=lambda kv: (kv[0][1], kv[0][0]))),
        sick_leave_students=sick_students,
        intake=intake,
        # every student belongs to a cohort: records exist when a cohort comes from them
        has_records=any(c.source == RECORDS for c in all_cohorts),
    )


def restrict(pipe: Pipeline, first: int, last: int) -> Pipeline:
    """The same figures for cohort (or calendar) years ``first``–``last`` only. No queries."""

    def keep(year: int) -> bool:
        return first <= year <= last

    return Pipeline(
        cohorts=[c for c in pipe.cohorts if keep(c.cohort_year)],
        causes=[b for b in pipe.causes if keep(b.year)],
        phases=[b for b in pipe.phases if keep(b.year)],
        places=[b for b in pipe.places if keep(b.year)],
        sick_leave={k: v for k, v in pipe.sick_leave.items() if keep(k[1])},
        sick_leave_students={k: n for k, n in pipe.sick_leave_students.items() if keep(k[1])},
        intake=[r for r in pipe.intake if keep(r.year)],
        has_records=pipe.has_records,
    )


def kpi_series(pipe: Pipeline, code: str, education: str = "") -> dict[int, Decimal]:
    """A pipeline KPI as {year: value}, for success criteria. ``education`` "" = both
    educations added up. Cohort KPIs are keyed by cohort year (and only finished cohorts give
    completion, dropout, hire and yield rates); intake and sick leave by calendar year."""
    definition = kpis.get(code)  # the registry says what each KPI counts and where it is read
    if definition.source == "sick_leave":
        return {y: v for (e, y), v in pipe.sick_leave.items() if e == education}
    if definition.source == "intake":
        rows: dict[int, list[IntakeRow]] = defaultdict(list)
        for row in pipe.intake:
            if not education or row.education == education:
                rows[row.year].append(row)
        out = {}
        for year, rs in rows.items():
            required = sum(r.required or 0 for r in rs)
            if required and all(r.required for r in rs):
                out[year] = kpi.intake_ratio(sum(r.started for r in rs), required)
        return out
    if education:
        per_year = {c.cohort_year: c for c in pipe.cohorts if c.education == education}
    else:
        per_year = pipe.by_year()
    out: dict[int, Decimal] = {}
    for year, c in per_year.items():
        if definition.source == "phases":
            value = _main_course_dropout(pipe, education, year, c) if c.finished else None
        else:
            value = definition.value(c)
        if value is not None:
            out[year] = value
    return out


def _main_course_dropout(pipe: Pipeline, education: str, year: int, c: CohortCounts):
    """Dropouts after the basic course (grundforløb) ÷ started, from the phase breakdown."""
    groups = [
        b for b in pipe.phases if b.year == year and (not education or b.education == education)
    ]
    if not groups:
        return None
    main = sum(n for b in groups for key, n in b.counts.items() if key and key != "GF")
    return kpi.rate(main, c.started)
